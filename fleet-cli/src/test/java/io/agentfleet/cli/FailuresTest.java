package io.agentfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.agentservice.api.client.AgentServiceException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @ParameterizedTest(name = "HTTP {0} exits with {1}")
  @CsvSource({"401,4", "403,4", "400,1", "404,1", "409,1", "502,1", "503,1"})
  void serviceAnswersMapToExitCodes(int status, int exitCode) {
    CliFailure failure = Failures.of(new AgentServiceException(status, "Kind", "what happened"));
    assertEquals(exitCode, failure.exitCode());
    assertTrue(failure.getMessage().startsWith("Kind: what happened"), failure.getMessage());
  }

  @Test
  void aServiceThatCannotBeReachedExitsWithThree() {
    assertEquals(ExitCode.UNREACHABLE, Failures.of(new CompletionException(new ConnectException())).exitCode());
    assertEquals(ExitCode.UNREACHABLE, Failures.of(new HttpConnectTimeoutException("connect timed out")).exitCode());
    assertEquals(ExitCode.UNREACHABLE, Failures.of(new HttpTimeoutException("request timed out")).exitCode());
  }

  @Test
  void anEmptyMessageIsReplacedByWhatTheCauseSays() {
    CliFailure failure = Failures.of(new ConnectException());
    assertEquals("cannot connect: ConnectException", failure.getMessage());
  }

  @Test
  void aCliFailureKeepsItsCodeThroughWrapping() {
    assertEquals(ExitCode.NOT_AUTHENTICATED,
        Failures.of(new CompletionException(CliFailure.notAuthenticated("not logged in"))).exitCode());
  }

  @Test
  void anythingElseIsAFailureWithItsMessage() {
    CliFailure failure = Failures.of(new IllegalStateException("odd"));
    assertEquals(ExitCode.REFUSED, failure.exitCode());
    assertEquals("odd", failure.getMessage());
  }
}
