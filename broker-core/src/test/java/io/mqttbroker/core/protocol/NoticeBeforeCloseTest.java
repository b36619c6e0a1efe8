package io.mqttbroker.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.BrokerOptions.OnDeny;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.Revocation.RevocationAction;
import io.mqttbroker.core.security.revocation.Revocation.SystemMessage;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.Authorizer;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestAuthenticators;
import io.mqttbroker.core.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A notice that explains a close ({@code ClientContext.sendSystemMessage} then a not-authorized close) reaches the
 * client's default message callback: the broker closes only once the client has acknowledged it. Paho v3 drops a
 * message still waiting for its callback thread when the connection drops, so without that wait these tests fail
 * now and then; they repeat the close to make such a race show.
 */
class NoticeBeforeCloseTest {
  private static final String NOTICE = "$SYS/closingNotice";
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Sends a notice to the client, then denies: the broker's on-deny close follows at once. */
  private static final Authorizer EXPLAINING_DENIER = new Authorizer() {
    @Override
    public String name() {
      return "explainingDenier";
    }

    @Override
    public CompletionStage<AuthorizationResult> authorize(
        io.mqttbroker.core.security.spi.AuthorizationRequest request) {
      request.client().sendSystemMessage(NOTICE, ("denied " + request.topic()).getBytes(StandardCharsets.UTF_8));
      return CompletableFuture.completedFuture(AuthorizationResult.DENY);
    }
  };

  @Test
  void aV3ClientReceivesTheNoticeOfADenyBeforeItsConnectionCloses() throws Exception {
    try (TestBroker b = new TestBroker(BrokerOptions.builder().onDeny(OnDeny.DISCONNECT).build(),
        List.of(TestAuthenticators.allowing()), List.of(EXPLAINING_DENIER), Duration.ofSeconds(5))) {
      for (int i = 0; i < 10; i++) {
        try (Paho.V3 c = Paho.v3(b.uri(), "deny3-" + i).connect()) {
          c.client.publish("t/" + i, Paho.utf8("x"), 0, false);
          var m = c.received.next(WAIT);
          assertEquals(NOTICE, m.topic());
          assertEquals("denied t/" + i, m.payload());
          assertNotNull(c.lost.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
      }
    }
  }

  @Test
  void aRevocationNoticeReachesV3AndV5ClientsBeforeTheClose() throws Exception {
    try (TestBroker b = new TestBroker(BrokerOptions.defaults(), List.of(TestAuthenticators.allowing()),
        List.of(EXPLAINING_DENIER), Duration.ofSeconds(5))) {
      for (int i = 0; i < 5; i++) {
        try (Paho.V3 c3 = Paho.v3(b.uri(), "rev3-" + i).connect();
            Paho.V5 c5 = Paho.v5(b.uri(), "rev5-" + i)) {
          c5.connect(Paho.v5Options("u", "p", true));
          byte[] payload = "{\"code\":3}".getBytes(StandardCharsets.UTF_8);
          b.revocations().publish(new Revocation("user:user", RevocationAction.CLOSE,
              Optional.of(new SystemMessage(NOTICE, payload)), "revoked"));
          b.revocations().publish(new Revocation("user:u", RevocationAction.CLOSE,
              Optional.of(new SystemMessage(NOTICE, payload)), "revoked"));
          assertEquals("{\"code\":3}", c3.received.next(WAIT).payload());
          assertNotNull(c3.lost.get(WAIT.toSeconds(), TimeUnit.SECONDS));
          assertEquals("{\"code\":3}", c5.received.next(WAIT).payload());
          assertEquals(0x87, c5.disconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS).getReturnCode());
        }
      }
    }
  }
}
