package io.mqttbroker.auth.signature.mode;

import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.Grants;

/**
 * What a signature-mode session carries from its CONNECT: the access key, whether it is the owner, and the verdicts
 * of the key's group statements for the client's group, frozen until the client reconnects (AUTH-SPEC section 6).
 * Topic statements are not here: they are read from the key's current policies at every PUBLISH and SUBSCRIBE.
 *
 * @param accessKeyId the key the client signed with
 * @param owner whether that key is the owner (allowed everything)
 * @param publish the group verdict for {@code mq:PUB}
 * @param subscribe the group verdict for {@code mq:SUB}
 */
public record SignatureGrants(String accessKeyId, boolean owner, GroupVerdict publish, GroupVerdict subscribe)
    implements Grants {

  public GroupVerdict group(Action action) {
    return action == Action.PUBLISH ? publish : subscribe;
  }

  /** How the key's group statements judged the client's group for one action, at CONNECT. */
  public enum GroupVerdict {
    /** No group statement of the key names this action with Allow: groups do not restrict it. */
    UNRESTRICTED,
    /** An Allow statement names the client's group. */
    ALLOWED,
    /** The key's Allow statements for this action name other groups only: the key serves those groups. */
    NOT_LISTED,
    /** A Deny statement names the client's group. */
    DENIED;

    /** Whether topic statements get to decide (they still must allow). */
    public boolean permits() {
      return this == UNRESTRICTED || this == ALLOWED;
    }
  }
}
