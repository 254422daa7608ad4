package io.agentfleet.agentservice.http;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import io.agentfleet.agent.client.AgentProtocol;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agentservice.api.ErrorBody;
import io.agentfleet.agentservice.api.rest.ComponentLogView;
import io.agentfleet.agentservice.api.rest.ProvisionReport;
import io.agentfleet.agentservice.api.rest.RestCodecs;
import io.agentfleet.agentservice.impl.ComponentLogs;
import io.agentfleet.agentservice.impl.provision.Provisioner;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one place where the agents' answers become REST status codes and bodies. */
final class RestResponses {
  private final RestCodecs codecs = new RestCodecs();

  HttpResponse json(StatusCode status, Object body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, codecs.write(body));
  }

  HttpResponse error(StatusCode status, String error, String message) {
    return json(status, new ErrorBody(error, message));
  }

  HttpResponse spawned(AgentProtocol.SpawnResponse response) {
    if (response instanceof AgentProtocol.Spawned spawned) {
      return json(StatusCodes.CREATED, spawned.location());
    }
    return failed((AgentProtocol.Failed) response);
  }

  HttpResponse killed(AgentProtocol.KillResponse response) {
    if (response instanceof AgentProtocol.Killed killed) {
      return json(StatusCodes.OK, Map.of("killed", killed.connection().name()));
    }
    return failed((AgentProtocol.Failed) response);
  }

  /** The plan of a provision (200), or why there is none: unknown agents (404), an agent that did not answer (503). */
  HttpResponse provisionPlanned(Provisioner.Outcome outcome) {
    if (outcome instanceof Provisioner.Provisioned provisioned) {
      return json(StatusCodes.OK, provisioned.plan().view());
    }
    return notProvisioned(outcome);
  }

  /** The provision carried out: 200 when every start and stop went through, else 502 with the failures. */
  HttpResponse provisioned(Provisioner.Outcome outcome) {
    if (outcome instanceof Provisioner.Provisioned provisioned) {
      ProvisionReport report = new ProvisionReport(provisioned.plan().view(), provisioned.failures());
      return json(provisioned.failures().isEmpty() ? StatusCodes.OK : StatusCodes.BAD_GATEWAY, report);
    }
    return notProvisioned(outcome);
  }

  private HttpResponse notProvisioned(Provisioner.Outcome outcome) {
    if (outcome instanceof Provisioner.MissingAgents missing) {
      return error(StatusCodes.NOT_FOUND, "UnknownAgent", "no agent is registered as "
          + String.join(", ", missing.agents().stream().map(Object::toString).toList()) + "; nothing was started or stopped");
    }
    return error(StatusCodes.SERVICE_UNAVAILABLE, "AgentsNotRead", ((Provisioner.AgentsNotRead) outcome).reason());
  }

  /** A read of a component's log: the piece read (200), no log (404), the agent required (400), or why the agent failed it. */
  HttpResponse logRead(String componentId, ComponentLogs.Outcome outcome) {
    if (outcome instanceof ComponentLogs.AgentRequired required) {
      return error(StatusCodes.BAD_REQUEST, "AgentRequired", required.message());
    }
    ComponentLogs.Read read = (ComponentLogs.Read) outcome;
    if (read.response() instanceof AgentProtocol.LogChunk chunk) {
      return json(StatusCodes.OK, new ComponentLogView(componentId, read.agent().toString(), read.running(),
          chunk.from(), chunk.nextOffset(), chunk.size(), chunk.text()));
    }
    if (read.response() instanceof AgentProtocol.NoLog none) {
      return error(StatusCodes.NOT_FOUND, "NoLog", none.message() + " (agent " + read.agent() + ")");
    }
    return failed((AgentProtocol.Failed) read.response());
  }

  private HttpResponse failed(AgentProtocol.Failed failed) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", failed.reason().name());
    body.put("message", failed.message());
    failed.exitCode().ifPresent(code -> body.put("exitCode", code));
    if (!failed.logTail().isEmpty()) {
      body.put("logTail", failed.logTail());
    }
    return json(status(failed.reason()), body);
  }

  static StatusCode status(FailureReason reason) {
    return switch (reason) {
      case AlreadyRegistered, AlreadyReserved, NotOnThisHost -> StatusCodes.CONFLICT;
      case UnknownAgent, NotRegistered -> StatusCodes.NOT_FOUND;
      case UnknownKind, InvalidRequest -> StatusCodes.BAD_REQUEST;
      case RegistrationTimeout, NoReply -> StatusCodes.GATEWAY_TIMEOUT;
      case RegistryUnavailable, AgentStopping, StillRegistered, QueueWaitExceeded -> StatusCodes.SERVICE_UNAVAILABLE;
      // The component itself failed: the service worked, what it started did not.
      case ProcessExited, LaunchFailed -> StatusCodes.BAD_GATEWAY;
    };
  }
}
