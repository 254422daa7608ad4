package io.agentfleet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The CLI run from its executable jar as an operator runs it, with its own HOME and environment. */
record CliRun(int exitCode, String out, String err) {

  /** Runs {@code java -jar jar args…} with {@code env} added, {@code stdin} as input; waits at most {@code within}. */
  static CliRun run(Path jar, Map<String, String> env, String stdin, Duration within, List<String> args) {
    try {
      Path outFile = Files.createTempFile("cli-out", ".txt");
      Path errFile = Files.createTempFile("cli-err", ".txt");
      Process process = builder(jar, env, args).redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("fleet " + args + " did not finish within " + within + "; output: " + Files.readString(outFile)
            + Files.readString(errFile));
      }
      CliRun run = new CliRun(process.exitValue(), Files.readString(outFile), Files.readString(errFile));
      Files.delete(outFile);
      Files.delete(errFile);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Starts {@code java -jar jar args…} in the background, as an operator leaves {@code fleet logs -f}
   * running, its stdout and stderr into {@code output}; the caller ends it.
   */
  static Process start(Path jar, Map<String, String> env, Path output, List<String> args) throws IOException {
    return builder(jar, env, args).redirectOutput(output.toFile()).redirectErrorStream(true).start();
  }

  private static ProcessBuilder builder(Path jar, Map<String, String> env, List<String> args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-jar", jar.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("FLEET_") || k.equals("XDG_CONFIG_HOME"));
    builder.environment().putAll(env);
    return builder;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
