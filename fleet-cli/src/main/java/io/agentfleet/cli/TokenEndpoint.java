package io.agentfleet.cli;

import java.net.URI;

/** A realm's OAuth 2 token endpoint: the three grants the CLI uses. */
public interface TokenEndpoint {

  /** Resource-owner password grant through the public client {@code clientId}. */
  TokenGrant password(URI endpoint, String clientId, String user, String password);

  /** Client-credentials grant of the confidential client {@code clientId}, for scripts. */
  TokenGrant clientCredentials(URI endpoint, String clientId, String clientSecret);

  /** A new access token for a refresh token. */
  TokenGrant refresh(URI endpoint, String clientId, String refreshToken);

  /** Ends the session of the refresh token at the server; best effort. */
  void logout(URI endpoint, String clientId, String refreshToken);
}
