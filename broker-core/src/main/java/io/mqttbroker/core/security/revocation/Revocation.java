package io.mqttbroker.core.security.revocation;

import java.util.Optional;

/**
 * An announcement that something was taken away. Every live client whose principal lists {@code key} among its
 * revocation keys is acted on: closed, or re-checked (its subscriptions judged again, cached decisions dropped).
 *
 * @param key a revocation key such as {@code accessKey:AK1}, {@code clientId:GID_a@@@d1}, {@code token:<sha256>}
 * @param action what to do with the affected live clients
 * @param notice a message sent to each affected client before a close (token mode's invalid notice), if any
 * @param reason a non-secret reason for the log and the MQTT 5 reason string
 */
public record Revocation(String key, RevocationAction action, Optional<SystemMessage> notice, String reason) {

  public static Revocation close(String key, String reason) {
    return new Revocation(key, RevocationAction.CLOSE, Optional.empty(), reason);
  }

  public static Revocation recheck(String key, String reason) {
    return new Revocation(key, RevocationAction.RECHECK, Optional.empty(), reason);
  }

  /** What to do with the affected clients. */
  public enum RevocationAction {
    /** Close the connection (after the notice, if any). */
    CLOSE,
    /**
     * Keep the connection, judge its existing subscriptions again and drop those no longer allowed. Also announces a
     * change that gives access (a custom identity added, a client id taken off the blacklist): caches drop what they
     * hold for the key, so that no node keeps a stale refusal.
     */
    RECHECK
  }

  /** A message for one client, outside of any subscription. */
  public record SystemMessage(String topic, byte[] payload) {}
}
