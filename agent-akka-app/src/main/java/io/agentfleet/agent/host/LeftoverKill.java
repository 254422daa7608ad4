package io.agentfleet.agent.host;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.KillComponent;
import io.agentfleet.agent.client.AgentProtocol.KillResponse;
import io.agentfleet.agent.client.AgentProtocol.Killed;
import io.agentfleet.agent.host.RegistrationRemoval.Outcome;
import io.agentfleet.agent.host.RegistrationRemoval.Remains;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.util.Optional;

/**
 * A kill of a component this agent does not run and plans no relaunch of: a child of the {@link
 * Agent}, one per such kill, that refuses it if another agent spawned the component, else asks the
 * registry what is left of it, answers the kill's caller itself and stops. The agent keeps nothing
 * for it.
 */
final class LeftoverKill {
  sealed interface Command permits LeftoverReleased, KillTargetLooked {}

  /** What became of the leftover registration of a component this agent once ran. */
  private record LeftoverReleased(Outcome outcome) implements Command {}

  /** Whether a component started by hand is still registered. */
  private record KillTargetLooked(Optional<Location> registered) implements Command {}

  private LeftoverKill() {}

  static Behavior<Command> create(AgentSettings settings, LocationService locations, KillComponent kill) {
    return Behaviors.setup(context -> {
      Location location = kill.location();
      Connection connection = location.connection();
      Optional<Prefix> spawnedBy = location.agentPrefix();
      if (spawnedBy.isPresent() && !spawnedBy.get().equals(settings.prefix())) {
        return answer(kill, Failed.of(FailureReason.NotOnThisHost, connection + " was spawned by " + spawnedBy.get() + ", not by " + settings.prefix()));
      }
      if (spawnedBy.isPresent() && location.epoch().isPresent()) {
        // Ours once and no longer running; its registration may be left over (an earlier removal
        // failed): remove it, fenced by its epoch, so Killed is true.
        context.pipeToSelf(
            RegistrationRemoval.remove(locations, connection, location.epoch().get(), settings.unregisterRetryWithin(), settings.unregisterBackoff()),
            (outcome, failure) -> new LeftoverReleased(outcome));
      } else {
        // Started by hand: answer Killed if it is gone, else say it is not this agent's to kill.
        context.pipeToSelf(locations.find(connection), (found, failure) -> new KillTargetLooked(found == null ? Optional.of(location) : found));
      }
      return Behaviors.receive(Command.class)
          .onMessage(LeftoverReleased.class, released -> answer(kill, released.outcome() instanceof Remains remains
              ? ComponentRun.stillRegistered(connection, remains, settings.prefix())
              : new Killed(connection)))
          .onMessage(KillTargetLooked.class, looked -> answer(kill, looked.registered()
              .<KillResponse>map(registered -> Failed.of(FailureReason.NotOnThisHost, registered.connection() + " was not started by " + settings.prefix()
                  + " (its agent: " + registered.agentPrefix().map(Prefix::toString).orElse("none") + ")"))
              .orElse(new Killed(connection))))
          .build();
    });
  }

  private static Behavior<Command> answer(KillComponent kill, KillResponse response) {
    kill.replyTo().tell(response);
    return Behaviors.stopped();
  }
}
