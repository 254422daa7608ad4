package io.agentfleet.cli;

import java.time.Duration;
import java.util.Optional;

/** What a token endpoint hands out for one grant. */
public record TokenGrant(
    String accessToken, Duration expiresIn, Optional<String> refreshToken, Optional<Duration> refreshExpiresIn) {}
