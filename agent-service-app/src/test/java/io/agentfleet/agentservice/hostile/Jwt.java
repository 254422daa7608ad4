package io.agentfleet.agentservice.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.Random;

/** Forgeries of a real JWT: each keeps what a verifier must not be fooled by and breaks one thing. */
final class Jwt {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

  private Jwt() {}

  static String withAlgNone(String token) {
    String[] parts = token.split("\\.");
    return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
  }

  static String withWrongSignature(String token, Random random) {
    String[] parts = token.split("\\.");
    byte[] signature = new byte[256];
    random.nextBytes(signature);
    return parts[0] + "." + parts[1] + "." + ENCODE.encodeToString(signature);
  }

  /** Header and claims of {@code token}, signed RS256 with a key the realm never published. */
  static String signedByAnotherKey(String token, KeyPair key) {
    String[] parts = token.split("\\.");
    String signed = parts[0] + "." + parts[1];
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(key.getPrivate());
      rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + ENCODE.encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code token} with one claim changed and its original signature kept. */
  static String withClaim(String token, String claim, String json) {
    String[] parts = token.split("\\.");
    try {
      ObjectNode payload = (ObjectNode) JSON.readTree(DECODE.decode(parts[1]));
      payload.set(claim, JSON.readTree(json));
      return parts[0] + "." + encode(payload.toString()) + "." + parts[2];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String withHeader(String token, String header) {
    String[] parts = token.split("\\.");
    return encode(header) + "." + parts[1] + "." + parts[2];
  }

  private static String encode(String json) {
    return ENCODE.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
