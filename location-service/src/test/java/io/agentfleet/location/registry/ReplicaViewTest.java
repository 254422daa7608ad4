package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaViewTest {
  private static Location at(String name) {
    return new Location(Connection.parse(name), URI.create("http://127.0.0.1:1/"), Map.of());
  }

  private static List<String> names(List<Location> locations) {
    return locations.stream().map(l -> l.connection().name()).toList();
  }

  @Test
  void listingIsSortedByNameAndFollowsEveryChange() {
    ReplicaView view = new ReplicaView();
    var keys = ReplicaKeys.all();
    view.put(keys.get(0), Map.of("ESW.b-Service-http", at("ESW.b-Service-http")));
    view.put(keys.get(1), Map.of("ESW.a-Service-http", at("ESW.a-Service-http"), "ESW.c-Service-http", at("ESW.c-Service-http")));
    assertEquals(List.of("ESW.a-Service-http", "ESW.b-Service-http", "ESW.c-Service-http"), names(view.sortedByName()));

    view.put(keys.get(1), Map.of("ESW.c-Service-http", at("ESW.c-Service-http")));
    assertEquals(List.of("ESW.b-Service-http", "ESW.c-Service-http"), names(view.sortedByName()));
    view.put(keys.get(2), Map.of("ESW.0-Service-http", at("ESW.0-Service-http")));
    assertEquals(List.of("ESW.0-Service-http", "ESW.b-Service-http", "ESW.c-Service-http"), names(view.sortedByName()));
  }

  @Test
  void anUnchangedViewIsNotSortedAgain() {
    ReplicaView view = new ReplicaView();
    view.put(ReplicaKeys.all().get(0), Map.of("ESW.a-Service-http", at("ESW.a-Service-http")));
    List<Location> first = view.sortedByName();
    view.put(ReplicaKeys.all().get(0), Map.of("ESW.a-Service-http", at("ESW.a-Service-http"))); // same content again
    assertSame(first, view.sortedByName());
  }

  @Test
  void eachLocationsJsonIsWrittenWhenItChangesAndKeptWhileItDoesNot() {
    ReplicaView view = new ReplicaView();
    var key = ReplicaKeys.all().get(0);
    Location a = at("ESW.a-Service-http");
    view.put(key, Map.of("ESW.a-Service-http", a));
    byte[] written = view.json(key, "ESW.a-Service-http").orElseThrow();
    assertEquals(new String(io.agentfleet.location.api.LocationJson.bytes(a)), new String(written));

    // Another name of the bucket changes: a's JSON is the one written before, not written again.
    view.put(key, Map.of("ESW.a-Service-http", a, "ESW.b-Service-http", at("ESW.b-Service-http")));
    assertSame(written, view.json(key, "ESW.a-Service-http").orElseThrow());

    // a moves: its JSON follows.
    Location moved = new Location(a.connection(), URI.create("http://127.0.0.1:2/"), Map.of());
    view.put(key, Map.of("ESW.a-Service-http", moved));
    assertEquals(new String(io.agentfleet.location.api.LocationJson.bytes(moved)), new String(view.json(key, "ESW.a-Service-http").orElseThrow()));
    assertEquals(java.util.Optional.empty(), view.json(key, "ESW.b-Service-http"));
  }
}
