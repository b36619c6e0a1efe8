package io.mqttbroker.auth.devicecredential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.ClientContext;
import io.mqttbroker.core.security.spi.Principal;
import io.mqttbroker.core.testing.PassiveClient;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DeviceCredentialAuthorizerTest {
  private final DeviceCredentialAuthorizer authorizer = new DeviceCredentialAuthorizer();

  @Test
  void itsOwnClientsMayPublishAndSubscribeAnyOrdinaryTopic() {
    ClientContext device = client(Principal.of("device-credential", "GID_a@@@d1", Set.of()));
    for (Action action : Action.values()) {
      assertEquals(AuthorizationResult.ALLOW, decide(device, action, "a/b/c"));
      assertEquals(AuthorizationResult.ALLOW, decide(device, action, "#"));
    }
  }

  @Test
  void systemTopicsAndOtherModesAreNotItsBusiness() {
    ClientContext device = client(Principal.of("device-credential", "GID_a@@@d1", Set.of()));
    ClientContext tokenClient = client(Principal.of("token", "AK1", Set.of()));
    assertEquals(AuthorizationResult.NO_MATCH, decide(device, Action.SUBSCRIBE, "$SYS/tokenInvalidNotice"));
    assertEquals(AuthorizationResult.NO_MATCH, decide(tokenClient, Action.PUBLISH, "a/b"));
    assertEquals(AuthorizationResult.NO_MATCH, decide(tokenClient, Action.SUBSCRIBE, "a/#"));
  }

  private AuthorizationResult decide(ClientContext client, Action action, String topic) {
    CompletableFuture<AuthorizationResult> answer =
        authorizer.authorize(new AuthorizationRequest(client, action, topic, 1)).toCompletableFuture();
    // Authorizers run on the event loop: the answer must already be there.
    assertEquals(true, answer.isDone());
    return answer.join();
  }

  /** A live client that only knows its principal. */
  private static ClientContext client(Principal principal) {
    return new PassiveClient(principal.name(), "", principal);
  }
}
