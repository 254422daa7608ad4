package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.api.RegistrationResult.AlreadyRegistered;
import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.api.RegistrationResult.Unregistered;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.registry.RegistryRecord.Taken;
import io.agentfleet.location.registry.RegistryRecord.Vacant;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AcknowledgedChangeTest {
  private static final Connection C = Connection.parse("ESW.primary-SequenceComponent-http");
  private static final Location AT_EPOCH_2 = new Location(C, URI.create("http://127.0.0.1:9000/"), Map.of(Location.EPOCH, "2"));
  private static final Location AT_EPOCH_1 = new Location(C, URI.create("http://127.0.0.1:9000/"), Map.of(Location.EPOCH, "1"));

  @Test
  void aRegistrationIsShownOnlyByTheVeryLocationItRegistered() {
    Registered registered = new Registered(AT_EPOCH_2);
    assertTrue(AcknowledgedChange.shownBy(registered, Optional.of(new Taken(AT_EPOCH_2, 2, "owner", Optional.empty()))));
    assertFalse(AcknowledgedChange.shownBy(registered, Optional.empty()), "a replica that has not heard of it");
    assertFalse(AcknowledgedChange.shownBy(registered, Optional.of(new Vacant(C, 1))), "a replica that has the state before it");
    assertFalse(AcknowledgedChange.shownBy(registered, Optional.of(new Taken(AT_EPOCH_1, 1, "owner", Optional.empty()))),
        "a replica with an earlier registration of the name");
  }

  @Test
  void aRemovalIsShownByAnyRecordThatRegistersNothing() {
    Unregistered unregistered = new Unregistered(C);
    assertTrue(AcknowledgedChange.shownBy(unregistered, Optional.of(new Vacant(C, 2))));
    assertTrue(AcknowledgedChange.shownBy(unregistered, Optional.empty()));
    assertFalse(AcknowledgedChange.shownBy(unregistered, Optional.of(new Taken(AT_EPOCH_2, 2, "owner", Optional.empty()))),
        "a replica that still has the registration");
  }

  @Test
  void anAnswerThatChangedNothingNeedsNoMoreThanTheLocalReplica() {
    assertTrue(AcknowledgedChange.shownBy(new AlreadyRegistered(AT_EPOCH_2), Optional.empty()));
  }
}
