package io.agentfleet.local.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.agentfleet.agent.app.AgentMain;
import io.agentfleet.agentservice.app.AgentServiceMain;
import io.agentfleet.local.docs.ConfigurationKeys.ConfigFile;
import io.agentfleet.location.app.LocationServiceMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The systemd units and example files under deploy/ fit the jars and settings they name. */
class DeployFilesTest {

  private static final Path DEPLOY = SourceTree.root().resolve("deploy");

  /** Each shaded jar a unit may run, and the command-line parser behind it. */
  private static final Map<String, Supplier<Object>> COMMANDS = Map.of(
      "location-service.jar", LocationServiceMain::new,
      "agent-akka-app.jar", AgentMain::new,
      "agent-service-app.jar", AgentServiceMain::new);

  @Test
  void thereIsAUnitForTheRegistryTheAgentAndTheService() throws IOException {
    Set<String> jars = new HashSet<>();
    for (SystemdUnit unit : units()) {
      jars.add(unit.jar());
    }
    assertEquals(COMMANDS.keySet(), jars);
  }

  @Test
  void everyOptionOfEveryExecStartIsOneItsJarAccepts() throws IOException {
    List<String> unknown = new ArrayList<>();
    for (SystemdUnit unit : units()) {
      CommandLine command = new CommandLine(COMMANDS.get(unit.jar()).get());
      for (String option : unit.jarOptions()) {
        if (!command.getCommandSpec().optionsMap().containsKey(option)) {
          unknown.add(unit.file().getFileName() + ": " + option + " is not an option of " + unit.jar());
        }
      }
    }
    assertTrue(unknown.isEmpty(), String.join("\n", unknown));
  }

  @Test
  void everyUnitRunsAsItsOwnUserWithAnEnvironmentFileAConfigFileARestartAndAStopForTheAppItself() throws IOException {
    for (SystemdUnit unit : units()) {
      String name = unit.file().getFileName().toString();
      assertEquals("agent-fleet", unit.setting("User").orElse(""), name);
      // mixed: SIGTERM to the JVM alone, so an agent stops its components in order; SIGKILL for all after the timeout.
      assertEquals("mixed", unit.setting("KillMode").orElse(""), name);
      assertEquals("always", unit.setting("Restart").orElse(""), name);
      assertTrue(unit.option("--config").isPresent(), name + " has no --config");
      assertTrue(unit.setting("EnvironmentFile").isPresent(), name + " has no EnvironmentFile");
      assertTrue(unit.jarOptions().contains("--seeds") && !unit.jarOptions().contains("--new-cluster"),
          name + ": a restarted member must join through --seeds, never found a new cluster");
      assertTrue(unit.jarOptions().contains("--tls-key-store") && !unit.jarOptions().contains("--insecure-plain-tcp"), name);
    }
  }

  @Test
  void theAgentUnitWaitsLongerThanTheAgentTakesToStopItsComponents() throws IOException {
    SystemdUnit agent = units().stream().filter(unit -> unit.jar().equals("agent-akka-app.jar")).findFirst().orElseThrow();
    Config defaults = ConfigFactory.parseFile(SourceTree.root().resolve("agent-akka-app/src/main/resources/reference.conf").toFile());
    long stopTimeout = defaults.getDuration("agent.stop-timeout", TimeUnit.SECONDS);
    assertTrue(Long.parseLong(agent.setting("TimeoutStopSec").orElseThrow()) > stopTimeout);
  }

  @Test
  void theFilesAUnitNamesAreInDeployEtcAndDefineWhatExecStartExpands() throws IOException {
    for (SystemdUnit unit : units()) {
      String name = unit.file().getFileName().toString();
      Path config = DEPLOY.resolve("etc").resolve(Path.of(unit.option("--config").orElseThrow()).getFileName());
      Path environment = DEPLOY.resolve("etc").resolve(Path.of(unit.setting("EnvironmentFile").orElseThrow()).getFileName());
      assertTrue(Files.isRegularFile(config), name + ": no example " + config);
      assertTrue(Files.isRegularFile(environment), name + ": no example " + environment);
      Map<String, String> variables = SystemdUnit.environmentFile(environment);
      for (String variable : unit.variables()) {
        assertTrue(variables.containsKey(variable), name + ": ExecStart uses " + variable + ", which " + environment.getFileName() + " does not set");
      }
    }
  }

  @Test
  void theAgentUnitStartsTheJvmWithTheShippedAgentOptions() throws IOException {
    SystemdUnit agent = units().stream().filter(unit -> unit.jar().equals("agent-akka-app.jar")).findFirst().orElseThrow();
    List<String> words = agent.execStart();
    String argumentFile = words.get(1);
    assertTrue(argumentFile.startsWith("@"), "java's first argument is the options file: " + words);
    assertTrue(Files.isRegularFile(DEPLOY.resolve("jvm").resolve(Path.of(argumentFile.substring(1)).getFileName())), argumentFile);
    assertTrue(words.indexOf(argumentFile) < words.indexOf("$JAVA_OPTS"), "the environment's options come after the file, so they win");
  }

  @Test
  void theAgentsEnvironmentHoldsNoPasswordBecauseItsComponentsInheritIt() throws IOException {
    Map<String, String> agent = SystemdUnit.environmentFile(DEPLOY.resolve("etc/agent.env"));
    assertTrue(agent.keySet().stream().noneMatch(key -> key.contains("PASSWORD") || key.contains("SECRET")), agent.keySet().toString());
  }

  @Test
  void everySettingOfTheExampleConfigFilesIsOneTheProductHas() throws IOException {
    ConfigurationKeys keys = new ConfigurationKeys(SourceTree.root());
    Set<String> known = new HashSet<>();
    for (ConfigFile file : keys.files()) {
      keys.keysOf(file).forEach(key -> known.add(key.path()));
    }
    List<String> unknown = new ArrayList<>();
    try (Stream<Path> files = Files.list(DEPLOY.resolve("etc"))) {
      for (Path file : files.filter(path -> path.toString().endsWith(".conf")).sorted().toList()) {
        Config config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF));
        for (Map.Entry<String, ConfigValue> setting : config.entrySet()) {
          if (!known.contains(asReferenceKey(setting.getKey()))) {
            unknown.add(file.getFileName() + ": " + setting.getKey());
          }
        }
      }
    }
    assertTrue(unknown.isEmpty(), "settings the product does not have:\n" + String.join("\n", unknown));
  }

  @Test
  void aKindOfItsOwnIsCheckedAgainstTheSampleKind() {
    assertEquals("agent.components.sample.main-class", asReferenceKey("agent.components.my-kind.main-class"));
    assertEquals("agent.restart-defaults.policy", asReferenceKey("agent.components.my-kind.restart.policy"));
    assertEquals("agent.logs.directory", asReferenceKey("agent.logs.directory"));
  }

  @Test
  void systemdAcceptsEveryUnit() throws Exception {
    assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed here");
    for (SystemdUnit unit : units()) {
      Process verify = new ProcessBuilder("systemd-analyze", "verify", unit.file().toString()).redirectErrorStream(true).start();
      assertTrue(verify.waitFor(60, TimeUnit.SECONDS), "systemd-analyze verify did not finish");
      String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      // verify exits 0 on settings it ignores, such as an unknown KillMode; it only says so.
      assertTrue(verify.exitValue() == 0 && output.isBlank(), unit.file().getFileName() + ":\n" + output);
    }
  }

  /**
   * The reference key an example setting is checked against: a kind of its own has the fields of the
   * shipped sample kind, and its restart block the keys of agent.restart-defaults.
   */
  private static String asReferenceKey(String key) {
    String kind = "agent\\.components\\.[^.]+\\.";
    return key.replaceFirst("^" + kind + "restart\\.", "agent.restart-defaults.").replaceFirst("^" + kind, "agent.components.sample.");
  }

  private static List<SystemdUnit> units() throws IOException {
    List<SystemdUnit> units = new ArrayList<>();
    try (Stream<Path> files = Files.list(DEPLOY.resolve("systemd"))) {
      for (Path file : files.filter(path -> path.toString().endsWith(".service")).sorted().toList()) {
        units.add(SystemdUnit.read(file));
      }
    }
    return units;
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
