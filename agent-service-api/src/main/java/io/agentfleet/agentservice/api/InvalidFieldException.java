package io.agentfleet.agentservice.api;

/** A field of a request or response record is missing or has a value that can never be valid. */
public final class InvalidFieldException extends IllegalArgumentException {

  private final String field;
  private final String problem;

  /** {@code problem} completes the sentence "field 'x' …", e.g. "must not be blank". */
  public InvalidFieldException(String field, String problem) {
    super("field '" + field + "' " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** The field is required but absent (or JSON {@code null}). */
  public static InvalidFieldException missing(String field) {
    return new InvalidFieldException(field, "is required but missing");
  }

  /** The field's name within the record that rejected it. */
  public String field() {
    return field;
  }

  /** What is wrong with the field, without its name. */
  public String problem() {
    return problem;
  }
}
