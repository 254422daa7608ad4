package io.agentfleet.agentservice.impl;

import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.agent.client.AgentProtocol;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agentservice.api.AgentServiceApi;
import io.agentfleet.agentservice.api.protocol.AgentStatus;
import io.agentfleet.agentservice.api.protocol.AgentStatusResponse;
import io.agentfleet.agentservice.api.protocol.ComponentIdDto;
import io.agentfleet.agentservice.api.protocol.KillResponse;
import io.agentfleet.agentservice.api.protocol.ProvisionConfig;
import io.agentfleet.agentservice.api.protocol.ProvisionResponse;
import io.agentfleet.agentservice.impl.provision.ProvisionResponses;
import io.agentfleet.agentservice.impl.provision.Provisioner;
import io.agentfleet.agentservice.api.protocol.SequenceComponentStatus;
import io.agentfleet.agentservice.api.protocol.SpawnResponse;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.model.ComponentId;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Agent Service: finds the agent of a machine in the registry and forwards to it through an
 * {@link AgentClient}. Names in requests are parsed strictly; a bad one fails the stage with an
 * {@link IllegalArgumentException} (the HTTP layer's 400), and an unknown agent is a {@code Failed}
 * that names it.
 */
public final class AgentServiceImpl implements AgentServiceApi {
  private final AgentDirectory agents;
  private final LocationService locations;
  private final AgentStatusCache statuses;
  private final RegistryChangeMemo<AgentStatusResponse> status;
  private final Provisioner provisioner;
  private final ComponentLogs logs;

  /**
   * @param statuses the agents' answers that spawns and kills through this service make stale
   */
  public AgentServiceImpl(AgentDirectory agents, LocationService locations, AgentStatusCache statuses) {
    this.agents = agents;
    this.locations = locations;
    this.statuses = statuses;
    // The status is a pure function of the registry's listing; computed once per registry change
    // instead of once per request.
    this.status = RegistryChangeMemo.following(locations, () -> locations.list().thenApply(AgentServiceImpl::statusOf));
    this.provisioner = new Provisioner(agents, this);
    this.logs = new ComponentLogs(agents);
  }

  /** Components' logs, read through their agents. */
  public ComponentLogs logs() {
    return logs;
  }

  /** Provisioning through this service (the REST API plans and applies with it). */
  public Provisioner provisioner() {
    return provisioner;
  }

  /**
   * ESW's provision. An invalid config fails the stage with an {@link IllegalArgumentException} (the
   * HTTP layer's 400) before anything starts; a registry that cannot be read is a {@code LocationServiceError}.
   */
  @Override
  public CompletionStage<ProvisionResponse> provision(ProvisionConfig config) {
    return provisioner.apply(config)
        .thenApply(ProvisionResponses::of)
        .exceptionallyCompose(failure -> invalidConfig(failure) ? CompletableFuture.failedFuture(failure) : done(ProvisionResponses.registryFailure(failure)));
  }

  private static boolean invalidConfig(Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof IllegalArgumentException;
  }

  @Override
  public CompletionStage<SpawnResponse> spawnSequenceComponent(
      String agentPrefix, String componentName, Optional<String> version, boolean simulation) {
    return parsed(() -> Prefix.parse(agentPrefix))
        .thenCompose(agent -> onAgent(agent, client -> client.spawnSequenceComponent(componentName, version, simulation)))
        .thenApply(WireResponses::spawn);
  }

  /** Spawns the sequence component {@code <agent subsystem>.<componentName>}, answering in the agent's own terms. */
  public CompletionStage<AgentProtocol.SpawnResponse> spawnSequenceComponentOn(Prefix agent, String componentName) {
    return onAgent(agent, client -> client.spawnSequenceComponent(componentName, Optional.empty(), false));
  }

  @Override
  public CompletionStage<SpawnResponse> spawnSequenceManager(
      String agentPrefix, String obsModeConfigPath, boolean isConfigLocal, Optional<String> version, boolean simulation) {
    return parsed(() -> Prefix.parse(agentPrefix))
        .thenCompose(
            agent -> onAgent(agent, client -> client.spawnSequenceManager(obsModeConfigPath, isConfigLocal, version, simulation)))
        .thenApply(WireResponses::spawn);
  }

  @Override
  public CompletionStage<SpawnResponse> spawnComponent(
      String agentPrefix, String kind, String prefix, String componentType, List<String> args) {
    return spawn(agentPrefix, kind, prefix, Optional.of(componentType), args).thenApply(WireResponses::spawn);
  }

  /** Spawns a component of a configured kind, answering in the agent's own terms. */
  public CompletionStage<AgentProtocol.SpawnResponse> spawn(
      String agentPrefix, String kind, String prefix, Optional<String> componentType, List<String> args) {
    return parsed(
            () -> {
              Prefix.parse(agentPrefix);
              Prefix.parse(prefix);
              componentType.ifPresent(ComponentType::parse);
              return Prefix.parse(agentPrefix);
            })
        .thenCompose(
            agent ->
                onAgent(
                    agent,
                    client -> client.spawnComponent(kind, Prefix.parse(prefix), componentType.map(ComponentType::parse), args)));
  }

  @Override
  public CompletionStage<KillResponse> killComponent(ComponentIdDto componentId) {
    return kill(componentId).thenApply(WireResponses::kill);
  }

  /** Kills a component through the agent that runs it, answering in the agent's own terms. */
  public CompletionStage<AgentProtocol.KillResponse> kill(ComponentIdDto componentId) {
    return parsed(() -> new ComponentId(Prefix.parse(componentId.prefix()), ComponentType.parse(componentId.componentType())))
        .thenCompose(
            id ->
                registered(id)
                    .thenCompose(
                        found -> {
                          if (found.isEmpty()) {
                            return done(AgentProtocol.Failed.of(FailureReason.NotRegistered, id.prefix() + " (" + id.componentType() + ") is not registered"));
                          }
                          Location location = found.get();
                          return agents
                              .runnerOf(location)
                              .thenCompose(
                                  runner ->
                                      runner.isPresent()
                                          ? changing(runner.get(), client -> client.killComponent(location))
                                              .thenCompose(answer -> seenHere(answer, answer instanceof AgentProtocol.Killed k ? Optional.of(k.connection()) : Optional.empty()))
                                          : done(
                                              AgentProtocol.Failed.of(
                                                  FailureReason.UnknownAgent,
                                                  "no agent is registered for " + location.connection() + " (it names "
                                                      + location.agentPrefix().map(Prefix::toString).orElse("none")
                                                      + ", host " + location.hostname().orElse(location.uri().getHost()) + ")")));
                        }));
  }

  @Override
  public CompletionStage<AgentStatusResponse> getAgentStatus() {
    return status
        .get()
        .exceptionally(failure -> new AgentStatusResponse.LocationServiceError(String.valueOf(failure.getMessage())));
  }

  /** ESW's status: every agent with the sequence components it spawned, and those without an agent. */
  static AgentStatusResponse statusOf(List<Location> all) {
    List<Location> machines = all.stream().filter(l -> l.connection().componentType() == ComponentType.Machine).toList();
    Map<Optional<Prefix>, List<Location>> byAgent =
        all.stream()
            .filter(l -> l.connection().componentType() == ComponentType.SequenceComponent)
            .collect(Collectors.groupingBy(Location::agentPrefix));
    List<AgentStatus> statuses = new ArrayList<>();
    List<Prefix> known = new ArrayList<>();
    for (Location machine : machines) {
      Prefix agent = machine.connection().prefix();
      known.add(agent);
      statuses.add(
          new AgentStatus(
              WireResponses.componentId(machine.connection().componentId()),
              seqComps(byAgent.getOrDefault(Optional.of(agent), List.of()))));
    }
    statuses.sort(Comparator.comparing(s -> s.agentId().prefix()));
    List<Location> orphans = new ArrayList<>();
    byAgent.forEach((agent, comps) -> {
      if (agent.isEmpty() || !known.contains(agent.get())) {
        orphans.addAll(comps);
      }
    });
    return new AgentStatusResponse.Success(statuses, seqComps(orphans));
  }

  private static List<SequenceComponentStatus> seqComps(List<Location> locations) {
    // The registry does not know which sequencer a sequence component runs, so that stays empty.
    return locations.stream()
        .map(l -> l.connection().componentId())
        .distinct()
        .sorted(Comparator.comparing(id -> id.prefix().toString()))
        .map(id -> new SequenceComponentStatus(WireResponses.componentId(id), Optional.empty()))
        .toList();
  }

  private CompletionStage<Optional<Location>> registered(ComponentId id) {
    return agents.registration(id);
  }

  private CompletionStage<AgentProtocol.SpawnResponse> onAgent(
      Prefix agent, Function<AgentClient, CompletionStage<AgentProtocol.SpawnResponse>> call) {
    return agents
        .byPrefix(agent)
        .thenCompose(
            client ->
                client.isPresent()
                    ? changing(client.get(), call)
                        .thenCompose(answer -> seenHere(answer, answer instanceof AgentProtocol.Spawned spawned ? Optional.of(spawned.location().connection()) : Optional.empty()))
                    : done(AgentProtocol.Failed.of(FailureReason.UnknownAgent, "no agent is registered as " + agent)));
  }

  /**
   * Sends a spawn or kill through {@code client}, dropping the agent's cached status both when it is
   * sent and when the agent answers: the agent changes its state before it answers, so a listing made
   * after the answer asks it again and shows the change, even if an ask made meanwhile saw the old state.
   */
  private <T> CompletionStage<T> changing(AgentClient client, Function<AgentClient, CompletionStage<T>> call) {
    statuses.invalidate(client.agentPrefix());
    return call.apply(client).whenComplete((answer, failure) -> statuses.invalidate(client.agentPrefix()));
  }

  /**
   * Read-your-writes: the agent's answer reports a change the registry has acknowledged (written to a
   * majority), but this service's own replica may not have it yet, and the caller's next status, find
   * or kill reads that replica. So the answer waits until this member has caught up with the name
   * (one majority read) and the status computed from the old listing is dropped. Should no majority
   * answer in time, the answer is still true and goes out; only the next read may lag.
   */
  private <T> CompletionStage<T> seenHere(T answer, Optional<Connection> changed) {
    if (changed.isEmpty()) {
      return done(answer);
    }
    return locations.catchUp(changed.get()).thenApply(caughtUp -> {
      status.invalidate();
      return answer;
    });
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  private static <T> CompletionStage<T> parsed(java.util.function.Supplier<T> parse) {
    try {
      return CompletableFuture.completedFuture(parse.get());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
