package io.agentfleet.location.node;

import io.agentfleet.location.model.InvalidNameException;
import picocli.CommandLine;

/** Reads a {@code --seeds} entry ({@code host:port}) for every app's command line. */
public final class SeedNodeConverter implements CommandLine.ITypeConverter<SeedNode> {
  @Override
  public SeedNode convert(String value) {
    try {
      return SeedNode.parse(value);
    } catch (InvalidNameException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
