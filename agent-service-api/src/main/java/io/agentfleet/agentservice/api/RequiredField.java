package io.agentfleet.agentservice.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Checks for record compact constructors: a missing required field fails with {@link InvalidFieldException}. */
public final class RequiredField {

  private RequiredField() {}

  /** Returns {@code value} if it is present, else fails naming {@code field}. */
  public static <T> T value(T value, String field) {
    if (value == null) {
      throw InvalidFieldException.missing(field);
    }
    return value;
  }

  /** Returns {@code value} if it is present and not blank, else fails naming {@code field}. */
  public static String text(String value, String field) {
    if (value(value, field).isBlank()) {
      throw new InvalidFieldException(field, "must not be blank");
    }
    return value;
  }

  /**
   * An immutable copy of {@code values}; an absent list is empty (optional lists are simply left out
   * on the wire), but a null element is an error.
   */
  public static <T> List<T> listOrEmpty(List<T> values, String field) {
    if (values == null) {
      return List.of();
    }
    // Not contains(null): immutable lists throw on it.
    if (values.stream().anyMatch(Objects::isNull)) {
      throw new InvalidFieldException(field, "must not contain null");
    }
    return List.copyOf(values);
  }

  /** {@code value}, or empty when absent: Jackson hands a record {@code null} for an Optional that is not in the JSON. */
  public static <T> Optional<T> optional(Optional<T> value) {
    return value == null ? Optional.empty() : value;
  }
}
