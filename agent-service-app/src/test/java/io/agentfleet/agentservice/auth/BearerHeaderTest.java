package io.agentfleet.agentservice.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BearerHeaderTest {
  // The grammar of RFC 6750 section 2.1 as regular expressions: the reference the scanner must agree with.
  private static final Pattern BEARER = Pattern.compile("(?i)Bearer +([A-Za-z0-9\\-._~+/]+=*) *");
  private static final Pattern SCHEME_BEARER = Pattern.compile("(?i)Bearer( .*)?");

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiter = '|', value = {
    "Bearer abc.def-ghi_jkl~+/|abc.def-ghi_jkl~+/",
    "bEARER   eyJ0.eyJ1.c2ln==  |eyJ0.eyJ1.c2ln==",
    "Bearer a=|a=",
    "Bearer|",
    "Bearer |",
    "Bearer =abc|",
    "Bearer a=b|",
    "Bearer a b|",
    "Bearerabc|",
    "Basic dXNlcjpwdw==|",
    "Bearer\tabc|",
  })
  void readsTheTokenOfAWellFormedHeaderOnly(String header, String token) {
    assertEquals(Optional.ofNullable(token), BearerHeader.token(header));
  }

  @Test
  void agreesWithTheGrammarOnRandomHeaders() {
    Random random = new Random(6750);
    String alphabet = "BbEeAaRr =+/.-_~09zZ\t\n\u2028\u00e9K\u212a,\"";
    List<String> headers = new ArrayList<>(List.of("", "B", "Bearer", "bearer ", "BEARER x", "Bearer x\n", "Bearer \u2028"));
    for (int n = 0; n < 20_000; n++) {
      StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer" : "");
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        header.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      headers.add(header.toString());
    }
    for (String header : headers) {
      Matcher match = BEARER.matcher(header);
      assertEquals(match.matches() ? Optional.of(match.group(1)) : Optional.empty(), BearerHeader.token(header), "[" + header + "]");
      assertEquals(SCHEME_BEARER.matcher(header).matches(), BearerHeader.namesBearerScheme(header), "[" + header + "]");
    }
  }
}
