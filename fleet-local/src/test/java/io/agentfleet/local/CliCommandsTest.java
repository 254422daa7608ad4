package io.agentfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliCommandsTest {

  @Test
  void onTheDefaultPortsTheCommandsNeedNoFlags() {
    List<String> tour = new CliCommands("fleet", CliCommands.DEFAULT_SERVICE_URL, CliCommands.DEFAULT_REALM_URL)
        .tour("ESW.machine1", "sample", "ESW.demo1", "ESW.demo1-Service-http");
    assertEquals(List.of(
        "echo operator-pw | fleet login --user operator --password-stdin",
        "fleet spawn ESW.machine1 sample ESW.demo1",
        "fleet agents",
        "fleet status",
        "fleet kill ESW.demo1-Service-http"), tour);
  }

  @Test
  void otherPortsAreNamedInEveryCommand() {
    List<String> tour = new CliCommands("fleet", URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2/realms/TMT"))
        .tour("ESW.machine1", "sample", "ESW.demo1", "ESW.demo1-Service-http");
    assertEquals("echo operator-pw | fleet login --user operator --password-stdin --auth-url http://127.0.0.1:2/realms/TMT", tour.get(0));
    tour.subList(1, tour.size()).forEach(line -> assertEquals(true, line.endsWith(" --service http://127.0.0.1:1"), line));
  }
}
