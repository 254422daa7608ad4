package io.agentfleet.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A closed-loop HTTP load: {@code concurrency} workers each send one request at a time until
 * {@code total} requests are done or {@code cap} passes. Bounded in count and time.
 */
public final class HttpLoad {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  public LoadResult run(String name, int total, int concurrency, Duration cap, IntFunction<HttpRequest> request, Predicate<HttpResponse<String>> ok)
      throws InterruptedException {
    long[] latencies = new long[total];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    long deadline = System.nanoTime() + cap.toNanos();
    long start = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      Thread worker = new Thread(() -> {
        for (int i = next.getAndIncrement(); i < total && System.nanoTime() < deadline; i = next.getAndIncrement()) {
          long t0 = System.nanoTime();
          try {
            HttpResponse<String> response = http.send(request.apply(i), HttpResponse.BodyHandlers.ofString());
            if (!ok.test(response)) {
              failures.incrementAndGet();
            }
          } catch (Exception e) {
            failures.incrementAndGet();
          }
          latencies[i] = System.nanoTime() - t0;
          done.incrementAndGet();
        }
      });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    long[] measured = java.util.Arrays.copyOf(latencies, done.get());
    return new LoadResult(name, done.get(), failures.get(), wall, measured);
  }
}
