package io.agentfleet.location.http;

import com.typesafe.config.Config;
import java.time.Duration;

/** Settings of the registry's HTTP API, read once from {@code location-service.http}. */
public record LocationHttpSettings(
    String host, int port, long maxBodyBytes, Duration maxResolveWait, Duration eventsKeepAlive) {

  public static LocationHttpSettings fromConfig(Config root) {
    Config c = root.getConfig("location-service.http");
    return new LocationHttpSettings(
        c.getString("host"),
        c.getInt("port"),
        c.getBytes("max-body-size"),
        c.getDuration("max-resolve-wait"),
        c.getDuration("events-keep-alive"));
  }
}
