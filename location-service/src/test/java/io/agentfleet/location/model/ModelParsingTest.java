package io.agentfleet.location.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelParsingTest {
  @Test
  void prefixParsesSubsystemAndName() {
    Prefix prefix = Prefix.parse("ESW.primary");
    assertEquals("ESW", prefix.subsystem());
    assertEquals("primary", prefix.componentName());
    assertEquals("ESW.primary", prefix.toString());
  }

  @Test
  void prefixKeepsDotsOfTheComponentName() {
    assertEquals("filter.wheel", Prefix.parse("TCS.filter.wheel").componentName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ESW", "ESW.", ".primary", "esw.primary", "XYZ.primary", "ESW.pri-mary", "ESW.pri mary", "ESW. primary", "ESW.primary."})
  void badPrefixesAreRefusedNotFixedUp(String text) {
    InvalidNameException e = assertThrows(InvalidNameException.class, () -> Prefix.parse(text));
    String message = e.getMessage();
    assertTrue(message.contains("prefix") || message.contains("subsystem") || message.contains("component name"), message);
  }

  @Test
  void unknownSubsystemMessageListsTheKnownOnes() {
    InvalidNameException e = assertThrows(InvalidNameException.class, () -> Prefix.parse("XYZ.a"));
    assertTrue(e.getMessage().contains("ESW") && e.getMessage().contains("XYZ"), e.getMessage());
  }

  @Test
  void connectionNameRoundTrips() {
    Connection connection = Connection.parse("ESW.primary-SequenceComponent-akka");
    assertEquals(Prefix.parse("ESW.primary"), connection.prefix());
    assertEquals(ComponentType.SequenceComponent, connection.componentType());
    assertEquals(ConnectionType.AKKA, connection.connectionType());
    assertEquals("ESW.primary-SequenceComponent-akka", connection.name());
    assertEquals(connection, new ComponentId(Prefix.parse("ESW.primary"), ComponentType.SequenceComponent).connection(ConnectionType.AKKA));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ESW.primary", "ESW.primary-SequenceComponent", "ESW.primary-Sequencecomponent-akka", "ESW.primary-Service-HTTP", "ESW.primary-Service-http-x", "ESW.a-b-Service-http"})
  void badConnectionNamesAreRefused(String name) {
    assertThrows(InvalidNameException.class, () -> Connection.parse(name));
  }

  @Test
  void componentTypeIsExact() {
    assertEquals(ComponentType.HCD, ComponentType.parse("HCD"));
    InvalidNameException e = assertThrows(InvalidNameException.class, () -> ComponentType.parse("hcd"));
    assertTrue(e.getMessage().contains("SequenceComponent"), e.getMessage());
  }

  @Test
  void locationJsonUsesNamesAndReadsBack() throws Exception {
    ObjectMapper mapper = new ObjectMapper().registerModule(new Jdk8Module());
    Location location =
        new Location(Connection.parse("ESW.x-Service-http"), URI.create("http://h:1/"), Map.of(Location.PID, "42"));
    String json = mapper.writeValueAsString(location);
    assertTrue(json.contains("\"connection\":\"ESW.x-Service-http\""), json);
    assertEquals(location, mapper.readValue(json, Location.class));
    assertEquals(42L, location.pid().orElseThrow());
  }
}
