package io.agentfleet.location.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A component's prefix, {@code SUBSYSTEM.name}: {@code ESW.primary}, {@code ESW.machine1}.
 *
 * <p>The component name may contain dots ({@code TCS.filter.wheel}) but no '-', since '-' separates
 * the parts of a connection name.
 */
public record Prefix(String subsystem, String componentName) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.]{0,99}");

  public Prefix {
    Subsystem.parse(subsystem);
    if (componentName == null || !NAME.matcher(componentName).matches() || componentName.endsWith(".")) {
      throw new InvalidNameException(
          "invalid component name '"
              + componentName
              + "' (1-100 characters of letters, digits, '_' and inner '.'; no '-' or spaces)");
    }
  }

  /** Parses {@code SUBSYSTEM.name} strictly: a bad prefix is an error, never fixed up. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Prefix parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidNameException("prefix is empty (expected SUBSYSTEM.name, e.g. ESW.primary)");
    }
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1) {
      throw new InvalidNameException(
          "invalid prefix '" + text + "' (expected SUBSYSTEM.name, e.g. ESW.primary)");
    }
    return new Prefix(text.substring(0, dot), text.substring(dot + 1));
  }

  @JsonValue
  @Override
  public String toString() {
    return subsystem + "." + componentName;
  }
}
