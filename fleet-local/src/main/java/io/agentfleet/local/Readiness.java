package io.agentfleet.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a member to be ready, and fails at once, with its log, when it exits instead. */
final class Readiness {
  private static final Duration POLL = Duration.ofMillis(500);

  private final HttpClient http;

  Readiness(HttpClient http) {
    this.http = http;
  }

  /** Until {@code url} answers 200. */
  void awaitHttp(Member member, URI url, Duration within) {
    await(member, "answer at " + url, within, () -> answers(url));
  }

  /** Until {@code ready} holds, while {@code member} runs. */
  void await(Member member, String what, Duration within, BooleanSupplier ready) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!ready.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new LaunchFailure(member.name() + " did not " + what + " within " + within.toSeconds() + " s; its log "
            + member.log() + " ends with:\n" + member.tail(20));
      }
      try {
        // Waiting on the process is both the pause between polls and the check that it still runs.
        if (member.process().waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new LaunchFailure(member.name() + " exited with code " + member.process().exitValue()
              + " before it was ready; its log " + member.log() + " ends with:\n" + member.tail(20));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LaunchFailure("interrupted while waiting for " + member.name());
      }
    }
  }

  private boolean answers(URI url) {
    try {
      HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
