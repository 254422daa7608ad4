package io.agentfleet.location.model;

import java.util.List;
import java.util.Set;

/** The subsystems a prefix may start with (the TMT list). */
public final class Subsystem {
  /** Known subsystem names, exactly as they are spelled in prefixes. */
  public static final List<String> NAMES =
      List.of(
          "AOESW", "APS", "CIS", "CSW", "DMS", "DPS", "ENC", "ESEN", "ESW", "GMS", "IRIS", "LGSF",
          "M1CS", "MODHIS", "NFIRAOS", "NSCU", "OSS", "REFR", "SCMS", "SOSS", "TCS", "WFOS",
          "Container");

  private static final Set<String> KNOWN = Set.copyOf(NAMES);

  private Subsystem() {}

  static String parse(String name) {
    if (!KNOWN.contains(name)) {
      throw new InvalidNameException(
          "unknown subsystem '" + name + "' (expected one of " + String.join(", ", NAMES) + ")");
    }
    return name;
  }
}
