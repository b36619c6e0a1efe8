package io.mqttbroker.core.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.Authorizer;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestAuthenticators;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code $SYS/broker/...} statistics: published retained by the broker, readable only by whom authorizers allow. */
class SysTopicsTest {
  /** Everything is allowed, except that only the user "ops" may subscribe to {@code $SYS}. */
  private static final Authorizer OPS_READ_SYS = new Authorizer() {
    @Override
    public String name() {
      return "opsReadSys";
    }

    @Override
    public CompletionStage<AuthorizationResult> authorize(AuthorizationRequest r) {
      boolean sys = r.topic().startsWith("$SYS");
      boolean ops = r.client().principal().name().equals("ops");
      return CompletableFuture.completedFuture(!sys || r.action() == Action.SUBSCRIBE && ops
          ? AuthorizationResult.ALLOW : AuthorizationResult.DENY);
    }
  };

  private final TestBroker broker = new TestBroker(
      BrokerOptions.builder().onDeny(BrokerOptions.OnDeny.REJECT).sysInterval(Duration.ofMillis(200)).build(),
      List.of(TestAuthenticators.allowing()), List.of(OPS_READ_SYS), Duration.ofSeconds(5));

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void allowedPrincipalReadsTheStatistics() throws Exception {
    try (Paho.V5 ops = Paho.v5(broker.uri(), "ops-console")) {
      ops.connect(Paho.v5Options("ops", "p", true));
      ops.subscribe("$SYS/broker/#", 0);
      Map<String, String> values = new HashMap<>();
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        while (!ops.received.isEmpty()) {
          var m = ops.received.next();
          values.put(m.topic(), m.payload());
        }
        // The retained copy may predate this client; a later round counts it.
        return "1".equals(values.get("$SYS/broker/clients/connected"));
      });
      assertEquals("dev", values.get("$SYS/broker/version"));
      for (String counter : List.of("uptime", "messages/received", "messages/sent", "bytes/received",
          "bytes/sent")) {
        assertTrue(Long.parseLong(values.get("$SYS/broker/" + counter)) >= 0, counter);
      }
      assertTrue(Long.parseLong(values.get("$SYS/broker/bytes/received")) > 0, "the CONNECT was counted");
    }
  }

  @Test
  void otherPrincipalsMayNotSubscribe() throws Exception {
    try (Paho.V5 user = Paho.v5(broker.uri(), "nosy")) {
      user.connect(Paho.v5Options("someone", "p", true));
      var token = user.subscribe("$SYS/broker/#", 0);
      assertEquals(0x87, token.getReasonCodes()[0]);
    }
  }

  @Test
  void noClientMayPublishToSys() throws Exception {
    try (Paho.V5 ops = Paho.v5(broker.uri(), "ops-console")) {
      ops.connect(Paho.v5Options("ops", "p", true));
      var token = ops.client.publish("$SYS/broker/uptime", Paho.utf8("0"), 1, true);
      token.waitForCompletion(5000);
      assertEquals(0x87, token.getReasonCodes()[0]);
    }
  }
}
