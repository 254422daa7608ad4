package io.agentfleet.location.node.tls;

import io.agentfleet.location.node.MemberTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A local certificate authority for a fleet on one machine or a test bench, made with the JDK's
 * keytool: a CA key pair, one member key store signed by it (shared by every member) and the trust
 * store holding the CA. Production fleets use their own CA the same way (docs/operations.md, "Member
 * TLS").
 */
public final class LocalPki {
  static final String CA_KEY_STORE = "ca.p12";
  static final String CA_CERTIFICATE = "ca.pem";
  static final String MEMBER_KEY_STORE = "member.p12";
  static final String TRUST_STORE = "trust-store.p12";
  static final String PASSWORD = "password";

  private static final String CA_ALIAS = "fleet-ca";
  private static final String MEMBER_ALIAS = "fleet-member";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 120;

  private LocalPki() {}

  /** The files of a local PKI; every store has the password in {@link #passwordFile}. */
  public record Stores(Path dir, Path caKeyStore, Path caCertificate, Path keyStore, Path trustStore, Path passwordFile) {
    /** The command-line flags that make a member use this PKI. */
    public List<String> memberFlags() {
      return List.of(
          "--tls-key-store", keyStore.toString(),
          "--tls-trust-store", trustStore.toString(),
          "--tls-password-file", passwordFile.toString());
    }

    /** The same as settings (for {@code ClusterNodeConfig.load} overrides). */
    public Map<String, Object> memberSettings() {
      return Map.of(
          MemberTransport.KEY_STORE, keyStore.toString(),
          MemberTransport.TRUST_STORE, trustStore.toString(),
          MemberTransport.PASSWORD_FILE, passwordFile.toString());
    }

    /** The same as JVM options ({@code -Dkey=value}), for members whose command line is not at hand. */
    public List<String> jvmOptions() {
      return memberSettings().entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).sorted().toList();
    }

    private static Stores in(Path dir) {
      return new Stores(
          dir, dir.resolve(CA_KEY_STORE), dir.resolve(CA_CERTIFICATE), dir.resolve(MEMBER_KEY_STORE),
          dir.resolve(TRUST_STORE), dir.resolve(PASSWORD));
    }

    private boolean complete() {
      return Stream.of(caKeyStore, caCertificate, keyStore, trustStore, passwordFile).allMatch(Files::isRegularFile);
    }
  }

  /**
   * The PKI in {@code dir}: the one already there, or a new one (a new CA) when any of its files is
   * missing. Safe to call from several processes at once.
   */
  public static synchronized Stores ensure(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    Stores stores = Stores.in(absolute);
    try {
      Files.createDirectories(absolute);
      try (FileChannel lockFile = FileChannel.open(absolute.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = lockFile.lock()) {
        if (!stores.complete()) {
          create(absolute);
        }
      }
      return stores;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the local PKI in " + absolute + ": " + e.getMessage(), e);
    }
  }

  /** Makes every file in a fresh directory, then moves them in, so a failed run leaves nothing half made. */
  private static void create(Path dir) throws IOException {
    Path work = Files.createTempDirectory(dir, ".new-");
    try {
      Path password = work.resolve(PASSWORD);
      writeSecret(password, newPassword());
      String storePass = "-storepass:file";
      String pw = password.toString();
      keytool("-genkeypair", "-alias", CA_ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=agent-fleet local CA", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign",
          "-validity", "3650", "-storetype", "PKCS12", "-keystore", work.resolve(CA_KEY_STORE).toString(), storePass, pw);
      keytool("-exportcert", "-rfc", "-alias", CA_ALIAS, "-keystore", work.resolve(CA_KEY_STORE).toString(),
          storePass, pw, "-file", work.resolve(CA_CERTIFICATE).toString());
      keytool("-importcert", "-noprompt", "-alias", CA_ALIAS, "-file", work.resolve(CA_CERTIFICATE).toString(),
          "-storetype", "PKCS12", "-keystore", work.resolve(TRUST_STORE).toString(), storePass, pw);

      Path member = work.resolve(MEMBER_KEY_STORE);
      keytool("-genkeypair", "-alias", MEMBER_ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=agent-fleet member", "-validity", "825", "-storetype", "PKCS12", "-keystore", member.toString(), storePass, pw);
      Path request = work.resolve("member.csr");
      keytool("-certreq", "-alias", MEMBER_ALIAS, "-keystore", member.toString(), storePass, pw, "-file", request.toString());
      Path signed = work.resolve("member.pem");
      // Hostnames are not verified between members (trust is by CA), but the Agent Service may serve
      // HTTPS with this certificate on this machine, so it names loopback.
      keytool("-gencert", "-rfc", "-alias", CA_ALIAS, "-keystore", work.resolve(CA_KEY_STORE).toString(), storePass, pw,
          "-infile", request.toString(), "-outfile", signed.toString(), "-validity", "825",
          "-ext", "ku:c=digitalSignature,keyAgreement", "-ext", "eku=serverAuth,clientAuth",
          "-ext", "san=dns:localhost,ip:127.0.0.1");
      // The CA first, so that keytool accepts the signed certificate as the reply to the member's key.
      keytool("-importcert", "-noprompt", "-alias", CA_ALIAS, "-file", work.resolve(CA_CERTIFICATE).toString(),
          "-keystore", member.toString(), storePass, pw);
      keytool("-importcert", "-noprompt", "-alias", MEMBER_ALIAS, "-file", signed.toString(),
          "-keystore", member.toString(), storePass, pw);

      ownerOnly(work.resolve(CA_KEY_STORE));
      ownerOnly(member);
      for (String name : List.of(PASSWORD, CA_KEY_STORE, CA_CERTIFICATE, TRUST_STORE, MEMBER_KEY_STORE)) {
        Files.move(work.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      try (Stream<Path> left = Files.walk(work)) {
        left.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool " + args[0] + " did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new IOException("keytool " + String.join(" ", args) + " failed: " + new String(output).strip());
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool " + args[0] + " ran", e);
    }
  }

  private static String newPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void writeSecret(Path file, String secret) throws IOException {
    Files.writeString(file, secret + "\n");
    ownerOnly(file);
  }

  /** Private keys and the password are readable by their owner only. */
  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | FileSystemException e) {
      // Not a POSIX file system: it keeps the directory's permissions.
    }
  }

  /** Makes (or reuses) a local PKI in the directory given, and prints the member flags that use it. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: java -cp location-service.jar " + LocalPki.class.getName() + " DIR");
      System.exit(2);
    }
    Stores stores = ensure(Path.of(args[0]));
    System.out.println("local PKI in " + stores.dir() + "; start every member with:");
    System.out.println("  " + String.join(" ", stores.memberFlags()));
  }
}
