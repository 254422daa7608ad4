package io.agentfleet.agentservice.hostile;

import java.security.KeyPair;

/**
 * The real tokens the generator starts from: an operator's and a viewer's of the trusted realm, one
 * that has expired, one of another realm (other issuer, other key); {@code foreignKey} signs forgeries.
 */
public record Tokens(String operator, String viewer, String expired, String otherRealm, KeyPair foreignKey) {}
