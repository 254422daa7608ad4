package io.agentfleet.local.docs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The messages a page quotes (the lines of its ```text blocks, with … for what varies) and the
 * sources in the form they are compared with.
 */
final class QuotedMessages {
  private QuotedMessages() {}

  static List<String> in(String page) {
    List<String> messages = new ArrayList<>();
    boolean inText = false;
    for (String line : page.split("\n")) {
      String fence = line.strip();
      if (fence.startsWith("```")) {
        inText = !inText && fence.equals("```text");
        continue;
      }
      if (inText && !line.isBlank()) {
        messages.add(line.strip());
      }
    }
    return List.copyOf(messages);
  }

  /** What must occur in the sources: the parts between the … of a message, those with a letter. */
  static List<String> parts(String message) {
    return Arrays.stream(message.split("…")).map(String::strip).filter(part -> part.chars().anyMatch(Character::isLetter)).toList();
  }

  /**
   * Java sources with adjacent string literals joined ({@code "a" + "b"} reads "ab", as a message
   * wrapped over two lines is printed) and the escapes of quotes and backslashes read.
   */
  static String normalised(String sources) {
    return sources.replaceAll("\"\\s*\\+\\s*\"", "").replace("\\\"", "\"").replace("\\\\", "\\");
  }
}
