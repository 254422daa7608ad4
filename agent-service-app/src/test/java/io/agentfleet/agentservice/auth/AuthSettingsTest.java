package io.agentfleet.agentservice.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {

  private static Config withAuth(String hocon) {
    return ConfigFactory.parseString("agent-service.auth { " + hocon + " }").withFallback(ConfigFactory.defaultReference());
  }

  @Test
  void defaultsComeFromReferenceConf() {
    AuthSettings settings = AuthSettings.fromConfig(ConfigFactory.defaultReference());

    assertFalse(settings.disabled());
    assertEquals(URI.create("http://127.0.0.1:8081"), settings.keycloakUrl());
    assertEquals("TMT", settings.realm());
    assertEquals("tmt-backend-app", settings.clientId());
    assertEquals("esw-user", settings.operatorRole());
    assertEquals("esw-viewer", settings.viewerRole());
    assertEquals(Duration.ofSeconds(5), settings.keyFetchTimeout());
    assertEquals(Duration.ofSeconds(12), settings.verifyTimeout());
    assertEquals(Duration.ofSeconds(10), settings.minTimeBetweenKeyFetches());
  }

  @Test
  void everyKeyCanBeOverridden() {
    AuthSettings settings = AuthSettings.fromConfig(withAuth("""
        disabled = true
        keycloak-url = "https://sso.example.org:8443"
        realm = OBS
        client-id = obs-backend
        operator-role = obs-operator
        viewer-role = obs-viewer
        key-fetch-timeout = 750ms
        verify-timeout = 3s
        min-time-between-key-fetches = 30s
        verified-token-cache-time = 20s
        """));

    assertEquals(new AuthSettings(true, URI.create("https://sso.example.org:8443"), "OBS", "obs-backend",
        "obs-operator", "obs-viewer", Duration.ofMillis(750), Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(20)), settings);
  }

  @Test
  void blockingDispatcherIsDefinedInReferenceConf() {
    Config dispatcher = ConfigFactory.defaultReference().getConfig(AuthSettings.BLOCKING_DISPATCHER);
    assertEquals("Dispatcher", dispatcher.getString("type"));
  }

  @Test
  void keycloakUrlThatIsNotAnHttpUrlIsAConfigError() {
    for (String bad : List.of("\"not a url\"", "\"ftp://127.0.0.1:8081\"", "\"127.0.0.1:8081\"", "\"/relative\"")) {
      ConfigException e = assertThrows(ConfigException.BadValue.class,
          () -> AuthSettings.fromConfig(withAuth("keycloak-url = " + bad)), bad);
      assertTrue(e.getMessage().contains("keycloak-url"), e.getMessage());
    }
  }

  @Test
  void emptyNamesAndNonPositiveTimeoutsAreConfigErrors() {
    for (String bad : List.of("realm = \"\"", "client-id = \" \"", "operator-role = \"\"", "viewer-role = \"\"",
        "key-fetch-timeout = 0s", "verify-timeout = -1s", "min-time-between-key-fetches = 0s")) {
      assertThrows(ConfigException.BadValue.class, () -> AuthSettings.fromConfig(withAuth(bad)), bad);
    }
  }

  @Test
  void missingSectionIsAConfigError() {
    assertThrows(ConfigException.Missing.class, () -> AuthSettings.fromConfig(ConfigFactory.empty()));
  }

  @Test
  void operatorRoleSatisfiesViewerCallsButViewerRoleNotOperatorCalls() {
    AuthSettings settings = AuthSettings.fromConfig(ConfigFactory.defaultReference());

    assertTrue(settings.grants(Set.of("esw-user"), Role.OPERATOR));
    assertTrue(settings.grants(Set.of("esw-user"), Role.VIEWER));
    assertTrue(settings.grants(Set.of("esw-viewer"), Role.VIEWER));
    assertFalse(settings.grants(Set.of("esw-viewer"), Role.OPERATOR));
    assertFalse(settings.grants(Set.of("offline_access"), Role.VIEWER));
    assertFalse(settings.grants(Set.of(), Role.VIEWER));
    assertEquals(List.of("esw-viewer", "esw-user"), settings.rolesSatisfying(Role.VIEWER));
  }
}
