package io.agentfleet.local.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every message quoted in docs/troubleshooting.md still occurs in the product's sources. */
class TroubleshootingMessagesTest {

  @Test
  void everyQuotedMessageStillOccursInTheSources() throws Exception {
    Path root = SourceTree.root();
    List<String> messages = QuotedMessages.in(Files.readString(root.resolve("docs/troubleshooting.md")));
    assertTrue(messages.size() >= 30, "fewer quoted messages than expected: " + messages);
    String sources = QuotedMessages.normalised(mainSources(root));
    List<String> missing = new ArrayList<>();
    for (String message : messages) {
      for (String part : QuotedMessages.parts(message)) {
        if (!sources.contains(part)) {
          missing.add("\"" + part + "\" of: " + message);
        }
      }
    }
    assertTrue(missing.isEmpty(), "docs/troubleshooting.md quotes messages the sources no longer have:\n" + String.join("\n", missing));
  }

  @Test
  void onlyTextBlocksAreQuotedMessagesAndEachPartIsCheckedOnItsOwn() {
    String page = "intro\n```text\nport … is in use: stop it\n```\n```log\nAddress already in use\n```\n```text\n…: owner … gone\n```\n";
    assertEquals(List.of("port … is in use: stop it", "…: owner … gone"), QuotedMessages.in(page));
    assertEquals(List.of("port", "is in use: stop it"), QuotedMessages.parts("port … is in use: stop it"));
    assertEquals(List.of(": owner", "gone"), QuotedMessages.parts("…: owner … gone"));
    assertEquals(List.of(), QuotedMessages.parts("… (…)"));
  }

  @Test
  void literalsSplitOverPlusAreOneAndEscapesAreRead() {
    String source = "throw new X(\"a message split over\"\n        + \" two lines, \\\"quoted\\\" \" + name + \" here\");";
    String normalised = QuotedMessages.normalised(source);
    assertTrue(normalised.contains("a message split over two lines, \"quoted\""), normalised);
    assertFalse(normalised.contains("over two lines, \"quoted\" here"), normalised);
  }

  private static String mainSources(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(path -> path.toString().contains("/src/main/"))
          .filter(path -> path.toString().endsWith(".java") || path.toString().endsWith(".conf"))
          .map(TroubleshootingMessagesTest::read)
          .collect(Collectors.joining("\n"));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
