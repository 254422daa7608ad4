package io.agentfleet.agentservice.http;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** Counts and times every request by route and status, and serves them in Prometheus' text format. */
final class RequestMetrics extends AllDirectives {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests =
      Counter.builder().name("agent_service_requests_total").help("HTTP requests by route and status").labelNames("route", "status").register(registry);
  private final Histogram duration =
      Histogram.builder().name("agent_service_request_duration_seconds").help("HTTP request duration by route").labelNames("route").register(registry);

  /** Wraps {@code inner}, recording its outcome under {@code route}. */
  Route measured(String route, Supplier<Route> inner) {
    return extractRequestContext(ctx -> {
      long start = System.nanoTime();
      return mapResponse(response -> {
        requests.labelValues(route, Integer.toString(response.status().intValue())).inc();
        duration.labelValues(route).observe((System.nanoTime() - start) / 1e9);
        return response;
      }, inner);
    });
  }

  /** Like {@link #measured(String, Supplier)} for a route built once. */
  Route measured(String route, Route inner) {
    return measured(route, () -> inner);
  }

  Route scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ContentType text = ContentTypes.create(MediaTypes.TEXT_PLAIN, akka.http.javadsl.model.HttpCharsets.UTF_8);
    return complete(HttpResponse.create().withEntity(text, out.toByteArray()));
  }
}
