package io.agentfleet.agentservice.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.agentservice.api.InvalidRequestException;
import org.junit.jupiter.api.Test;

class AgentServiceCodecsInvalidRequestTest {

  private static final String KNOWN_TYPES =
      "GetAgentStatus, KillComponent, Provision, SpawnComponent, SpawnSequenceComponent, SpawnSequenceManager";

  private final AgentServiceCodecs codecs = new AgentServiceCodecs();

  @Test
  void malformedJsonIsReportedWithItsPosition() {
    assertInvalid("{\"_type\":\"GetAgentStatus\"",
        "malformed JSON at line 1, column 26: Unexpected end-of-input: expected close marker for Object"
            + " (start marker at line 1, column 1)");
  }

  @Test
  void dataAfterTheRequestIsMalformed() {
    assertInvalid("{\"_type\":\"GetAgentStatus\"} {}",
        "malformed JSON at line 1, column 28: unexpected data after the JSON value");
  }

  @Test
  void duplicateFieldIsMalformed() {
    assertInvalid("{\"_type\":\"GetAgentStatus\",\"_type\":\"GetAgentStatus\"}",
        "malformed JSON at line 1, column 34: Duplicate field '_type'");
  }

  @Test
  void emptyBodyIsReportedAsEmpty() {
    assertInvalid("", "body is empty");
    assertInvalid("  \n", "body is empty");
  }

  @Test
  void requestMustBeAnObject() {
    assertInvalid("[]", "expected a JSON object with a \"_type\" (one of: " + KNOWN_TYPES + "), got an array");
  }

  @Test
  void unknownTypeListsTheKnownOnes() {
    assertInvalid("{\"_type\":\"Reboot\"}", "unknown \"_type\" 'Reboot'; expected one of: " + KNOWN_TYPES);
  }

  @Test
  void missingTypeListsTheKnownOnes() {
    assertInvalid("{\"agentPrefix\":\"ESW.agent1\"}", "missing \"_type\"; expected one of: " + KNOWN_TYPES);
  }

  @Test
  void missingRequiredFieldIsNamed() {
    assertInvalid("{\"_type\":\"SpawnSequenceComponent\",\"componentName\":\"c1\",\"version\":[]}",
        "field 'agentPrefix' is required but missing");
    assertInvalid("{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.agent1\",\"version\":[]}",
        "field 'componentName' is required but missing");
    assertInvalid("{\"_type\":\"KillComponent\"}", "field 'componentId' is required but missing");
  }

  @Test
  void nullForARequiredFieldIsMissing() {
    assertInvalid("{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":null,\"componentName\":\"c1\",\"version\":[]}",
        "field 'agentPrefix' is required but missing");
  }

  @Test
  void blankRequiredFieldIsRefused() {
    assertInvalid("{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\" \",\"componentName\":\"c1\",\"version\":[]}",
        "field 'agentPrefix' must not be blank");
  }

  @Test
  void missingIsConfigLocalIsAnErrorNotFalse() {
    assertInvalid("{\"_type\":\"SpawnSequenceManager\",\"agentPrefix\":\"ESW.agent1\",\"obsModeConfigPath\":\"/p\","
            + "\"version\":[]}",
        "field 'isConfigLocal' is required but missing");
  }

  @Test
  void missingNestedFieldIsNamedWithItsPath() {
    assertInvalid("{\"_type\":\"KillComponent\",\"componentId\":{\"componentType\":\"SequenceComponent\"}}",
        "field 'componentId.prefix' is required but missing");
  }

  @Test
  void versionWithTwoElementsIsRefused() {
    assertInvalid(
        "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.agent1\",\"componentName\":\"c1\",\"version\":[\"1\",\"2\"]}",
        "field 'version': expected an optional value as [] or [value], got an array with more than one element");
  }

  @Test
  void versionThatIsNotAnArrayIsRefused() {
    assertInvalid(
        "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.agent1\",\"componentName\":\"c1\",\"version\":\"1.0.0\"}",
        "field 'version': expected an optional value as [] or [value], got a string");
    assertInvalid(
        "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.agent1\",\"componentName\":\"c1\",\"version\":[null]}",
        "field 'version': expected an optional value as [] or [value], got [null]");
  }

  @Test
  void wrongTypesAreNamedNotCoerced() {
    assertInvalid("{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.agent1\",\"componentName\":5,\"version\":[]}",
        "field 'componentName': expected a string, got a number");
    assertInvalid("{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.agent1\",\"componentName\":\"c1\",\"version\":[1]}",
        "field 'version[0]': expected a string, got a number");
    assertInvalid("{\"_type\":\"SpawnSequenceManager\",\"agentPrefix\":\"ESW.agent1\",\"obsModeConfigPath\":\"/p\","
            + "\"isConfigLocal\":\"true\",\"version\":[]}",
        "field 'isConfigLocal': expected true or false, got a string");
    assertInvalid("{\"_type\":\"SpawnSequenceManager\",\"agentPrefix\":\"ESW.agent1\",\"obsModeConfigPath\":\"/p\","
            + "\"isConfigLocal\":1,\"version\":[]}",
        "field 'isConfigLocal': expected true or false, got a number");
    assertInvalid("{\"_type\":\"KillComponent\",\"componentId\":\"ESW.c1\"}",
        "field 'componentId': expected an object, got a string");
    assertInvalid("{\"_type\":\"SpawnComponent\",\"agentPrefix\":\"ESW.agent1\",\"kind\":\"sample\",\"prefix\":\"ESW.c9\","
            + "\"componentType\":\"Service\",\"args\":\"--x\"}",
        "field 'args': expected an array, got a string");
    assertInvalid("{\"_type\":\"SpawnComponent\",\"agentPrefix\":\"ESW.agent1\",\"kind\":\"sample\",\"prefix\":\"ESW.c9\","
            + "\"componentType\":\"Service\",\"args\":[\"--x\",3]}",
        "field 'args[1]': expected a string, got a number");
  }

  @Test
  void nullArgumentIsRefused() {
    assertInvalid("{\"_type\":\"SpawnComponent\",\"agentPrefix\":\"ESW.agent1\",\"kind\":\"sample\",\"prefix\":\"ESW.c9\","
            + "\"componentType\":\"Service\",\"args\":[\"--x\",null]}",
        "field 'args' must not contain null");
  }

  @Test
  void unknownFieldIsNamed() {
    assertInvalid("{\"_type\":\"KillComponent\",\"componentId\":{\"prefix\":\"ESW.c1\",\"componentType\":\"SequenceComponent\","
            + "\"connectionType\":\"akka\"}}",
        "unknown field 'componentId.connectionType'; known fields: componentType, prefix");
    assertInvalid("{\"_type\":\"GetAgentStatus\",\"force\":true}", "unknown field 'force'; known fields: (none)");
  }

  @Test
  void messagesNameNoJavaClasses() {
    String[] bad = {
      "{\"_type\":\"GetAgentStatus\"} {}",
      "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.agent1\",\"componentName\":[],\"version\":[]}",
      "{\"_type\":\"KillComponent\",\"componentId\":[]}",
      "{\"_type\":\"SpawnComponent\",\"agentPrefix\":\"ESW.agent1\",\"kind\":\"sample\",\"prefix\":\"ESW.c9\","
          + "\"componentType\":\"Service\",\"args\":{}}",
    };
    for (String json : bad) {
      String message = assertThrows(InvalidRequestException.class, () -> codecs.readRequest(json)).getMessage();
      assertFalse(message.contains("java.") || message.contains("jackson") || message.contains("`"), message);
      assertTrue(message.startsWith("field '") || message.startsWith("malformed JSON"), message);
    }
  }

  private void assertInvalid(String json, String expectedMessage) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> codecs.readRequest(json));
    assertEquals(expectedMessage, e.getMessage());
  }
}
