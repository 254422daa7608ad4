package io.agentfleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.agentservice.api.rest.RestCodecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Logins kept between commands, one file per identity under {@code <dir>/tokens/}, readable by the
 * owner only (the directory 0700, the files 0600), and the identity of the last login in
 * {@code <dir>/current}.
 */
public final class TokenCache {
  private static final Pattern IDENTITY = Pattern.compile("[A-Za-z0-9._@-]{1,128}");
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path dir;
  private final ObjectMapper mapper = RestCodecs.newObjectMapper();

  public TokenCache(Path dir) {
    this.dir = dir;
  }

  /**
   * The cache of the user running the CLI: {@code $XDG_CONFIG_HOME/agent-fleet}, else
   * {@code $HOME/.config/agent-fleet}. The JVM's {@code user.home} comes from the password database
   * and ignores {@code HOME}, so it is only the last resort.
   */
  public static TokenCache ofUserHome(Environment env) {
    Path config = env.get("XDG_CONFIG_HOME").map(Path::of)
        .orElseGet(() -> Path.of(env.get("HOME").orElse(System.getProperty("user.home")), ".config"));
    return new TokenCache(config.resolve("agent-fleet"));
  }

  public Path dir() {
    return dir;
  }

  /** The cached login of {@code identity}, if any. */
  public Optional<StoredToken> read(String identity) {
    Path file = fileOf(identity);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(mapper.readValue(file.toFile(), StoredToken.class));
    } catch (IOException e) {
      // A damaged or outdated cache file is no login; the next login overwrites it.
      return Optional.empty();
    }
  }

  /** Keeps {@code token} and makes its identity the current one. */
  public void write(StoredToken token) {
    try {
      writePrivately(fileOf(token.identity()), mapper.writeValueAsBytes(token));
      writePrivately(dir.resolve("current"), token.identity().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the token cache in " + dir, e);
    }
  }

  /** Replaces a cached login after a refresh, without changing the current identity. */
  public void update(StoredToken token) {
    try {
      writePrivately(fileOf(token.identity()), mapper.writeValueAsBytes(token));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the token cache in " + dir, e);
    }
  }

  /** Forgets the login of {@code identity}; it stops being the current one. */
  public void delete(String identity) {
    try {
      Files.deleteIfExists(fileOf(identity));
      if (current().filter(identity::equals).isPresent()) {
        Files.deleteIfExists(dir.resolve("current"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot change the token cache in " + dir, e);
    }
  }

  /** The identity of the last login, if it is still cached. */
  public Optional<String> current() {
    Path file = dir.resolve("current");
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file).strip()).filter(s -> !s.isEmpty()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Path fileOf(String identity) {
    if (!IDENTITY.matcher(identity).matches()) {
      throw new CliFailure(ExitCode.USAGE, "'" + identity + "' is not a user name the CLI can keep a login for "
          + "(letters, digits, . _ @ - only)");
    }
    return dir.resolve("tokens").resolve(identity + ".json");
  }

  /** Written to a private temporary file first and moved in place, so no one else ever sees the token. */
  private static void writePrivately(Path file, byte[] content) throws IOException {
    Path parent = file.getParent();
    if (POSIX) {
      for (Path d : new Path[] {parent.getParent(), parent}) {
        if (!Files.exists(d)) {
          Files.createDirectories(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
      }
    } else {
      Files.createDirectories(parent);
    }
    Path tmp = POSIX
        ? Files.createTempFile(parent, ".tmp-", "", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(parent, ".tmp-", "");
    try {
      Files.write(tmp, content);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
