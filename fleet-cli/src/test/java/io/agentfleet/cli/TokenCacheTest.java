package io.agentfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCacheTest {
  private static final URI ENDPOINT = URI.create("http://127.0.0.1:8081/realms/TMT/protocol/openid-connect/token");

  @TempDir Path home;

  private static StoredToken token(String identity) {
    return new StoredToken(identity, ENDPOINT, "tmt-frontend-app", "access-" + identity,
        Instant.parse("2030-01-01T00:00:00Z"), Optional.of("refresh"), Optional.of(Instant.parse("2030-01-01T00:30:00Z")));
  }

  @Test
  void aLoginIsKeptPerUserReadableByTheOwnerOnly() throws Exception {
    TokenCache cache = new TokenCache(home.resolve("agent-fleet"));
    cache.write(token("operator"));
    cache.write(token("viewer"));

    assertEquals(Optional.of(token("operator")), cache.read("operator"));
    assertEquals(Optional.of("viewer"), cache.current());
    Path file = home.resolve("agent-fleet/tokens/operator.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("agent-fleet"))));
  }

  @Test
  void anUpdateKeepsTheCurrentUser() {
    TokenCache cache = new TokenCache(home);
    cache.write(token("operator"));
    cache.write(token("viewer"));
    cache.update(token("operator"));
    assertEquals(Optional.of("viewer"), cache.current());
  }

  @Test
  void deletingTheCurrentLoginLeavesNoCurrentUser() {
    TokenCache cache = new TokenCache(home);
    cache.write(token("operator"));
    cache.delete("operator");
    assertEquals(Optional.empty(), cache.read("operator"));
    assertEquals(Optional.empty(), cache.current());
  }

  @Test
  void aDamagedFileIsNoLogin() throws Exception {
    TokenCache cache = new TokenCache(home);
    cache.write(token("operator"));
    Files.writeString(home.resolve("tokens/operator.json"), "{not json");
    assertEquals(Optional.empty(), cache.read("operator"));
  }

  @Test
  void aNameThatIsNoFileNameIsAUsageError() {
    CliFailure failure = assertThrows(CliFailure.class, () -> new TokenCache(home).read("../etc/passwd"));
    assertEquals(ExitCode.USAGE, failure.exitCode());
    assertTrue(Files.notExists(home.resolve("tokens")));
  }
}
