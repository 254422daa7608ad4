package io.agentfleet.location.node.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The password of a key or trust store: the first line of a file, or an environment variable, never a flag. */
public final class StorePassword {
  private StorePassword() {}

  /**
   * @param file the password file, if one is configured
   * @param fileSetting how an operator names that file (a flag or a setting), for the error message
   * @param envVar the variable read when there is no file
   * @throws IllegalArgumentException naming the file or the variable when there is no password
   */
  public static String read(Optional<Path> file, String fileSetting, Map<String, String> env, String envVar) {
    if (file.isPresent()) {
      Path path = file.get();
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        throw new IllegalArgumentException("password file " + path + " is not a readable file");
      }
      try {
        List<String> lines = Files.readAllLines(path);
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
          throw new IllegalArgumentException("password file " + path + " is empty");
        }
        return lines.get(0);
      } catch (IOException e) {
        throw new IllegalArgumentException("password file " + path + " cannot be read: " + e.getMessage());
      }
    }
    String fromEnv = env.get(envVar);
    if (fromEnv == null || fromEnv.isEmpty()) {
      throw new IllegalArgumentException("no store password: give " + fileSetting + " or set the environment variable " + envVar);
    }
    return fromEnv;
  }
}
