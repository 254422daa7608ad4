package io.agentfleet.location.node.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SignatureException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPkiTest {
  @TempDir Path dir;

  private static KeyStore load(Path file, Path passwordFile) throws Exception {
    char[] password = Files.readAllLines(passwordFile).get(0).toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    }
    return store;
  }

  private static X509Certificate trustedCa(LocalPki.Stores stores) throws Exception {
    KeyStore trust = load(stores.trustStore(), stores.passwordFile());
    List<String> aliases = Collections.list(trust.aliases());
    assertEquals(1, aliases.size(), "the trust store holds the CA only");
    assertTrue(trust.isCertificateEntry(aliases.get(0)));
    return (X509Certificate) trust.getCertificate(aliases.get(0));
  }

  private static X509Certificate member(LocalPki.Stores stores) throws Exception {
    KeyStore keys = load(stores.keyStore(), stores.passwordFile());
    char[] password = Files.readAllLines(stores.passwordFile()).get(0).toCharArray();
    String alias = Collections.list(keys.aliases()).stream().filter(a -> isKey(keys, a)).findFirst().orElseThrow();
    assertTrue(keys.getKey(alias, password) != null, "the member's private key opens with the password");
    Certificate[] chain = keys.getCertificateChain(alias);
    assertEquals(2, chain.length, "member certificate and CA");
    return (X509Certificate) chain[0];
  }

  private static boolean isKey(KeyStore store, String alias) {
    try {
      return store.isKeyEntry(alias);
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void membersCertificateIsSignedByTheCaOfTheTrustStoreAndReusedOnTheNextCall() throws Exception {
    LocalPki.Stores stores = LocalPki.ensure(dir.resolve("pki"));
    X509Certificate ca = trustedCa(stores);
    X509Certificate member = member(stores);
    member.verify(ca.getPublicKey());
    member.checkValidity();
    assertTrue(member.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")),
        "usable as TLS server and client: " + member.getExtendedKeyUsage());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stores.passwordFile())));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stores.caKeyStore())));

    byte[] keyStore = Files.readAllBytes(stores.keyStore());
    LocalPki.Stores again = LocalPki.ensure(dir.resolve("pki"));
    assertEquals(stores, again);
    assertArrayEquals(keyStore, Files.readAllBytes(again.keyStore()), "an existing PKI is reused, not remade");

    // A PKI missing a file is made anew, whole: a new CA, never stores of two CAs side by side.
    Files.delete(stores.trustStore());
    LocalPki.Stores remade = LocalPki.ensure(dir.resolve("pki"));
    X509Certificate newCa = trustedCa(remade);
    assertNotEquals(ca, newCa);
    member(remade).verify(newCa.getPublicKey());
    assertThrows(SignatureException.class, () -> member(remade).verify(ca.getPublicKey()));
    assertEquals(List.of(".lock", "ca.p12", "ca.pem", "member.p12", "password", "trust-store.p12"),
        Files.list(dir.resolve("pki")).map(p -> p.getFileName().toString()).sorted().toList(), "no work files left behind");
  }

  @Test
  void memberFlagsNameTheStores() {
    LocalPki.Stores stores = new LocalPki.Stores(
        Path.of("/p"), Path.of("/p/ca.p12"), Path.of("/p/ca.pem"), Path.of("/p/member.p12"), Path.of("/p/trust-store.p12"),
        Path.of("/p/password"));
    assertEquals(
        List.of("--tls-key-store", "/p/member.p12", "--tls-trust-store", "/p/trust-store.p12", "--tls-password-file", "/p/password"),
        stores.memberFlags());
    assertEquals(
        List.of("-Dlocation-service.cluster.tls.key-store=/p/member.p12",
            "-Dlocation-service.cluster.tls.password-file=/p/password",
            "-Dlocation-service.cluster.tls.trust-store=/p/trust-store.p12"),
        stores.jvmOptions());
  }
}
