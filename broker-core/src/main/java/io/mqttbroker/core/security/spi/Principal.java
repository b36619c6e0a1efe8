package io.mqttbroker.core.security.spi;

import java.util.Set;

/**
 * Who a connected client is, as decided by the authenticator that allowed it. Immutable; a module that must change
 * a live session's rights (a token uploaded in-band) replaces the whole principal through
 * {@link ClientContext#replacePrincipal(Principal)}.
 *
 * @param mode the authentication mode that allowed the client ({@code signature}, {@code token}, ...)
 * @param name a non-secret name for logs and the admin API (an access key id, a username)
 * @param grants what the mode's authorizer needs to decide PUBLISH/SUBSCRIBE from memory
 * @param revocationKeys keys under which a {@link io.mqttbroker.core.security.revocation.Revocation} reaches this
 *     client (for example {@code accessKey:AK1}); never a secret in clear
 */
public record Principal(String mode, String name, Grants grants, Set<String> revocationKeys) {
  public Principal {
    revocationKeys = Set.copyOf(revocationKeys);
  }

  /** A principal whose authorizer needs no extra state. */
  public static Principal of(String mode, String name, Set<String> revocationKeys) {
    return new Principal(mode, name, Grants.NONE, revocationKeys);
  }
}
