package io.agentfleet.agentservice.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Generates hostile requests against both APIs, the same ones for the same seed: each request picks a
 * category, an endpoint and one way to break it, all from one {@link Random}. What a request targets is
 * never a name that existed before the run, so whatever the servers make of it, nothing registered
 * before can be touched by it.
 */
public final class HostileRequests {
  /** The kinds of abuse, in the order the report lists them. */
  public static final List<String> CATEGORIES = List.of("malformed-json", "huge-body", "deep-json", "bad-prefix",
      "wrong-method", "header-abuse", "forged-token", "bad-query");

  /** What the APIs refuse bodies above (both {@code max-body-size} defaults). */
  static final int MAX_BODY = 64 * 1024;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "CONNECT", "FOO", "PROPFIND");

  private final Random random;
  private final Tokens tokens;
  private final List<Endpoint> endpoints = Endpoints.all();
  private final List<Endpoint> withBody = endpoints.stream().filter(e -> e.body().isPresent()).toList();
  private final List<Endpoint> withName = endpoints.stream().filter(e -> e.hasName() || !e.nameFields().isEmpty()).toList();
  private final List<Endpoint> withQuery = endpoints.stream().filter(e -> !e.queryParameters().isEmpty()).toList();
  private final List<Endpoint> authenticated = endpoints.stream().filter(Endpoint::authenticated).toList();

  private HostileRequests(long seed, Tokens tokens) {
    this.random = new Random(seed);
    this.tokens = tokens;
  }

  /**
   * The requests of {@code seed}, one at a time (a run of 100,000 would not fit in memory at once, with
   * bodies up to a megabyte); tokens are the real ones the forgeries start from.
   */
  public static Iterator<HostileRequest> generate(long seed, Tokens tokens) {
    HostileRequests generator = new HostileRequests(seed, tokens);
    return java.util.stream.Stream.generate(generator::next).iterator();
  }

  private HostileRequest next() {
    HostileRequest request;
    do {
      request = any();
    } while (mayStopComponents(request));
    return request;
  }

  /**
   * A provision whose config names no unknown agent is carried out: it stops every sequence component
   * the config does not place, and a broken config can be a valid one ({@code "config":[]}). Such a
   * request is the API doing its job, not hostile input, and would stop what the run must not lose.
   */
  private static boolean mayStopComponents(HostileRequest request) {
    String text = new String(request.bytes(), StandardCharsets.UTF_8);
    boolean provision = text.startsWith("POST /api/v1/provision ") || (text.startsWith("POST /post-endpoint ") && text.contains("Provision"));
    return provision && !text.contains(Endpoints.NO_AGENT);
  }

  private HostileRequest any() {
    String category = pick(CATEGORIES);
    return switch (category) {
      case "malformed-json" -> malformedJson(pick(withBody));
      case "huge-body" -> hugeBody(pick(endpoints));
      case "deep-json" -> deepJson(pick(withBody));
      case "bad-prefix" -> badPrefix(pick(withName));
      case "wrong-method" -> wrongMethod(pick(endpoints));
      case "header-abuse" -> headerAbuse(pick(endpoints));
      case "forged-token" -> forgedToken(pick(authenticated));
      case "bad-query" -> badQuery(pick(withQuery));
      default -> throw new IllegalStateException(category);
    };
  }

  // ---- categories

  private HostileRequest malformedJson(Endpoint e) {
    String valid = e.body().orElseThrow().get().toString();
    byte[] body = switch (random.nextInt(12)) {
      case 0 -> utf8(valid.substring(0, random.nextInt(valid.length())));
      case 1 -> utf8(withField(e, randomField(e), wrongType()));
      case 2 -> utf8(withField(e, randomField(e), NODES.nullNode()));
      case 3 -> utf8(withField(e, "_type", NODES.textNode(pick(List.of("Nope", "", "register", "GetAgentStatus ", "Spawned", "__proto__", "java.lang.Runtime")))));
      case 4 -> utf8(valid.replaceFirst("\\{", "{" + duplicateKey(e) + ","));
      case 5 -> invalidUtf8(valid);
      case 6 -> utf8(pick(List.of("", "null", "[]", "{}", "\"text\"", "42", "{", "}", "{\"_type\":}", "{'_type':'Find'}", "{\"_type\":\"Find\",}",
          "{\"a\":NaN}", "/* c */{}", "\uFEFF{}", "{\"_type\":\"ListEntries\"}{\"_type\":\"ListEntries\"}", "[{\"_type\":\"ListEntries\"}]")));
      case 7 -> utf8(withoutField(e));
      case 8 -> utf8(withField(e, "unknownField" + random.nextInt(100), NODES.textNode("x")));
      case 9 -> utf8(withField(e, randomField(e), NODES.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(400))))));
      case 10 -> utf8(valid.replace(":", pick(List.of(" : ", "=", ":: ", ""))));
      default -> utf8(withField(e, randomField(e), NODES.textNode("\u0000\u0001\u001f\\\"\u2028\uFFFF")));
    };
    return request(e, "malformed-json", RawHttp.request(e.method(), e.target()).bearer(tokens.operator()).json(body), false, false);
  }

  private HostileRequest hugeBody(Endpoint e) {
    int size = MAX_BODY + 1 + random.nextInt(pick(List.of(16, 4096, 1024 * 1024)));
    byte[] body;
    switch (random.nextInt(3)) {
      case 0 -> {
        // A valid document padded past the limit in one string field.
        ObjectNode node = e.body().map(s -> s.get()).orElseGet(NODES::objectNode);
        node.put("padding", "x".repeat(size));
        body = utf8(node.toString());
      }
      case 1 -> body = utf8("[" + "1,".repeat(size / 2) + "1]");
      default -> {
        body = new byte[size];
        random.nextBytes(body);
      }
    }
    RawHttp http = RawHttp.request(e.method().equals("GET") || e.method().equals("DELETE") ? "POST" : e.method(), e.target())
        .bearer(tokens.operator()).json(body);
    if (random.nextInt(4) == 0) {
      // No Content-Length: the body streams in chunks and the limit has to stop it on the way.
      return request(e, "huge-body", RawHttp.request(e.method().equals("GET") ? "POST" : e.method(), e.target()).bearer(tokens.operator())
          .header("Content-Type", "application/json").header("Transfer-Encoding", "chunked").withoutContentLength().body(chunked(body)), false, false);
    }
    return request(e, "huge-body", http, false, false);
  }

  private HostileRequest deepJson(Endpoint e) {
    int depth = pick(List.of(1_001, 10_000, 100_000));
    String open = random.nextBoolean() ? "[" : "{\"a\":";
    String close = open.equals("[") ? "]" : "}";
    String nested = open.repeat(depth) + "1" + close.repeat(depth);
    String body = switch (random.nextInt(3)) {
      case 0 -> nested;
      case 1 -> withField(e, randomField(e), rawValue(nested));
      // Unclosed: a parser that recurses before it notices the end still has to stop.
      default -> open.repeat(depth);
    };
    // Past 64 KiB the size limit answers first; both are fine, the depth is what is being tried.
    return request(e, "deep-json", RawHttp.request(e.method(), e.target()).bearer(tokens.operator()).json(body), false, false);
  }

  private HostileRequest badPrefix(Endpoint e) {
    String bad = badName();
    if (e.hasName() && (e.nameFields().isEmpty() || random.nextBoolean())) {
      boolean raw = random.nextInt(5) == 0;
      String target = e.target(raw ? bad : percentEncoded(bad));
      RawHttp http = raw ? RawHttp.requestRawTarget(e.method(), target.getBytes(StandardCharsets.UTF_8)) : RawHttp.request(e.method(), target);
      http.bearer(tokens.operator());
      e.body().ifPresent(b -> http.json(b.get().toString()));
      // Raw control characters, spaces or non-ASCII in a request target are refused by Akka HTTP's parser.
      return request(e, "bad-prefix", http, raw && !bad.chars().allMatch(c -> c > 0x20 && c < 0x7f), false);
    }
    String body = withField(e, pick(e.nameFields()), NODES.textNode(bad));
    return request(e, "bad-prefix", RawHttp.request(e.method(), e.target()).bearer(tokens.operator()).json(body), false, false);
  }

  private HostileRequest wrongMethod(Endpoint e) {
    String method = pick(METHODS.stream().filter(m -> !m.equals(e.method()) && !(m.equals("HEAD") && e.method().equals("GET"))).toList());
    RawHttp http = RawHttp.request(method, e.target()).bearer(tokens.operator());
    if (random.nextBoolean()) {
      http.json(e.body().map(b -> b.get().toString()).orElse("{}"));
    }
    // CONNECT wants an authority, not a path, and FOO/PROPFIND are no methods Akka HTTP knows: its parser answers.
    boolean engine = method.equals("CONNECT") || method.equals("FOO") || method.equals("PROPFIND");
    return request(e, "wrong-method", http, engine, false);
  }

  private HostileRequest headerAbuse(Endpoint e) {
    RawHttp http = RawHttp.request(e.method(), e.target());
    String body = e.body().map(b -> b.get().toString()).orElse("");
    boolean engine = false;
    boolean halfClose = false;
    switch (random.nextInt(12)) {
      case 0 -> {
        http.bearer(tokens.operator()).header("X-Huge", "h".repeat(pick(List.of(9_000, 70_000, 1_000_000))));
        engine = true;
      }
      case 1 -> {
        http.bearer(tokens.operator());
        int n = pick(List.of(65, 500, 5_000));
        for (int i = 0; i < n; i++) {
          http.header("X-Many-" + i, "v");
        }
        engine = true;
      }
      case 2 -> http.bearer(tokens.operator()).header("Content-Type", pick(List.of("text/plain", "application/xml", "garbage",
          "application/json; charset=bogus", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", ";;;", "application/json;;charset=utf-16"))).body(utf8(body));
      case 3 -> {
        http.bearer(tokens.operator()).header("Content-Type", "application/json").withoutContentLength()
            .header("Content-Length", pick(List.of("abc", "-1", "1e3", "99999999999999999999", "0x10", " 5", "")));
        http.body(utf8(body));
        engine = true;
      }
      case 4 -> {
        // Two different lengths: the request smuggling classic.
        http.bearer(tokens.operator()).json(body).header("Content-Length", "1");
        engine = true;
      }
      case 5 -> {
        // Declares more than it sends; the client then stops sending.
        http.bearer(tokens.operator()).header("Content-Type", "application/json").withoutContentLength()
            .header("Content-Length", Integer.toString(body.length() + 1 + random.nextInt(1000))).body(utf8(body));
        halfClose = true;
      }
      case 6 -> http.header("Authorization", pick(List.of("", "Bearer", "Bearer ", "Bearer  ", "bearer " + tokens.operator(), "Basic YWRtaW46YWRtaW4=",
          "Digest x", "Bearer " + tokens.operator() + " extra", "Bearer a.b", "Bearer ....", "Bearer \t", "Bearer " + "A".repeat(7000),
          "Negotiate YIIB", "Bearer ${jndi:ldap://127.0.0.1:1/a}"))).json(body);
      case 7 -> http.bearer(tokens.operator()).bearer(tokens.viewer()).json(body);
      case 8 -> {
        http.bearer(tokens.operator()).header("Transfer-Encoding", pick(List.of("gzip", "chunked, identity", "bogus", "chunked"))).json(body);
        engine = true;
      }
      case 9 -> {
        http.withoutHost().bearer(tokens.operator()).json(body);
        engine = true;
      }
      case 10 -> http.bearer(tokens.operator()).header(pick(List.of("Accept", "Accept-Encoding", "X-Forwarded-For", "X-Real-Ip", "Origin", "Cookie",
          "If-None-Match", "Range", "Expect", "Upgrade")), pick(List.of("\u00ff\u00fe", "*/*;q=abc", "999.999.999.999", "null", "bytes=-1-2",
          "100-continue", "h2c", "websocket", "🙂"))).json(body);
      default -> {
        http.bearer(tokens.operator()).version(pick(List.of("HTTP/0.9", "HTTP/2.0", "HTTP/1.2", "HTTP/9", "http/1.1", "HTTP/1.1 extra"))).json(body);
        engine = true;
      }
    }
    return request(e, "header-abuse", http, engine, halfClose);
  }

  private HostileRequest forgedToken(Endpoint e) {
    String token = switch (random.nextInt(9)) {
      case 0 -> Jwt.withAlgNone(tokens.operator());
      case 1 -> Jwt.withWrongSignature(tokens.operator(), random);
      case 2 -> tokens.expired();
      case 3 -> tokens.otherRealm();
      case 4 -> Jwt.signedByAnotherKey(tokens.operator(), tokens.foreignKey());
      case 5 -> Jwt.withClaim(tokens.viewer(), "realm_access", "{\"roles\":[\"operator\",\"viewer\"]}");
      case 6 -> Jwt.signedByAnotherKey(Jwt.withClaim(tokens.operator(), "iss", "\"http://127.0.0.1:1/realms/TMT\""), tokens.foreignKey());
      case 7 -> Jwt.withHeader(tokens.operator(), pick(List.of("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"alg\":\"RS256\",\"kid\":\"../../x\"}",
          "{\"alg\":\"RS256\",\"jku\":\"http://127.0.0.1:1/jwks\"}", "{}", "[]", "not json")));
      default -> pick(List.of("e30.e30.", "a.b.c", "...", "eyJ", "x".repeat(1 + random.nextInt(5000)), tokens.operator().substring(0, 40),
          tokens.operator() + "x", tokens.operator().replace('.', '_')));
    };
    RawHttp http = RawHttp.request(e.method(), e.target()).bearer(token);
    e.body().ifPresent(b -> http.json(b.get().toString()));
    return request(e, "forged-token", http, false, false);
  }

  private HostileRequest badQuery(Endpoint e) {
    String parameter = random.nextInt(6) == 0 ? "unknown" + random.nextInt(9) : pick(e.queryParameters());
    String value = pick(List.of("", "abc", "-1", "0", "1.5", "1e9", "99999999999999999999", "9223372036854775807", "-9223372036854775808",
        "%zz", "%", "%00", "%0d%0aX:%20y", "Inf", "NaN", "61s", "100h", "-5s", "2147483648ms", "majority", "strong", "ESW.", "%E2%80%AE",
        "a".repeat(5000), "Service&componentType=HCD", "http", "1000", "1001", "%C3%28"));
    String query = pick(List.of(parameter + "=" + value, parameter, parameter + "=" + value + "&" + parameter + "=" + value, "=" + value, "&&&", parameter + "=" + value + "#frag"));
    return request(e, "bad-query", RawHttp.request(e.method(), e.target() + "?" + query).bearer(tokens.viewer()), false, false);
  }

  // ---- pieces

  private String badName() {
    return pick(List.of("", " ", ".", "ESW", "ESW.", ".x", "NOPE.x", "esw.x", "Esw.x", "ESW..x", "ESW.a.b", "ESW.x-Service", "ESW.x-Nope-http",
        "ESW.x-Service-ftp", "ESW.x-Service-http-more", "ESW.a\u0000b", "ESW.a\nb", "ESW.a\r\nX-Injected: 1", "ESW.\u0007", "ESW.a\tb",
        "ESW." + "a".repeat(10 * 1024), "A".repeat(10 * 1024) + ".x", "../../etc/passwd", "ESW.../../etc/passwd", "ESW.%2e%2e%2fx",
        "ESW.名前", "ESW.\uD83D\uDE00", "ESW.\u202Eevil", "ESW.a b", "ESW.a/b", "ESW.a\\b", "ESW.a?b", "ESW.a#b", "ESW.a;b",
        "ESW.${jndi:ldap://x}", "ESW.<script>", "ESW.'or'1'='1", "ＥＳＷ.x", "ESW.x\u0000-Service-http", "CSW.\uFFFF", "NFIRAOS.\u0085"));
  }

  private JsonNode wrongType() {
    return pick(List.of(NODES.numberNode(42), NODES.numberNode(-1.5), NODES.booleanNode(true), NODES.arrayNode().add(1).add("x"),
        NODES.objectNode().put("a", 1), NODES.textNode("x"), NODES.numberNode(Long.MIN_VALUE), NODES.arrayNode()));
  }

  private String randomField(Endpoint e) {
    List<String> fields = new ArrayList<>(e.nameFields());
    e.body().orElseThrow().get().fieldNames().forEachRemaining(fields::add);
    return pick(fields);
  }

  private String withField(Endpoint e, String path, JsonNode value) {
    ObjectNode root = e.body().orElseThrow().get();
    String[] steps = path.split("/");
    JsonNode node = root;
    for (int i = 0; i < steps.length - 1; i++) {
      JsonNode next = node.isArray() ? node.path(Integer.parseInt(steps[i])) : node.path(steps[i]);
      if (!next.isContainerNode()) {
        break;
      }
      node = next;
    }
    String last = steps[steps.length - 1];
    if (node.isArray()) {
      ((ArrayNode) node).set(Integer.parseInt(last), value);
    } else {
      ((ObjectNode) node).set(last, value);
    }
    return root.toString();
  }

  private String withoutField(Endpoint e) {
    ObjectNode root = e.body().orElseThrow().get();
    List<String> names = new ArrayList<>();
    root.fieldNames().forEachRemaining(names::add);
    root.remove(pick(names));
    return root.toString();
  }

  private String duplicateKey(Endpoint e) {
    String field = randomField(e).split("/")[0];
    return "\"" + field + "\":" + pick(List.of("null", "1", "\"ESW.other\"", "{}", "\"Register\""));
  }

  private byte[] invalidUtf8(String valid) {
    int at = Math.max(1, valid.indexOf('"', 1) + 1);
    byte[] bad = pick(List.of(new byte[] {(byte) 0xc3, 0x28}, new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0xaf},
        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8(valid.substring(0, at)));
    out.writeBytes(bad);
    out.writeBytes(utf8(valid.substring(at)));
    return out.toByteArray();
  }

  /** A node that prints as {@code json} verbatim, so deep nesting needs no tree of that depth here. */
  private static JsonNode rawValue(String json) {
    return NODES.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue(json));
  }

  private static byte[] chunked(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
    for (int at = 0; at < body.length; at += 8192) {
      int n = Math.min(8192, body.length - at);
      out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, at, n);
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  private static String percentEncoded(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : utf8(text)) {
      int c = b & 0xff;
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0;
      out.append(plain ? String.valueOf((char) c) : String.format("%%%02X", c));
    }
    return out.toString();
  }

  private HostileRequest request(Endpoint e, String category, RawHttp http, boolean engineLevel, boolean halfClose) {
    return new HostileRequest(e.api(), category, http.bytes(), engineLevel, halfClose);
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
