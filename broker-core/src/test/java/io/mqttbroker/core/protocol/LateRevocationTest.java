package io.mqttbroker.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.Principal;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestAuthorizers;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A credential revoked while a CONNECT using it is still being authenticated still closes that connection. */
class LateRevocationTest {

  @Test
  void revocationDuringAuthenticationClosesTheNewConnection() throws Exception {
    CompletableFuture<Void> entered = new CompletableFuture<>();
    CompletableFuture<AuthenticationResult> answer = new CompletableFuture<>();
    Authenticator slow = new Authenticator() {
      @Override
      public String name() {
        return "slow";
      }

      @Override
      public CompletionStage<AuthenticationResult> authenticate(ConnectRequest request) {
        entered.complete(null);
        return answer;
      }
    };
    try (TestBroker broker = new TestBroker(BrokerOptions.defaults(), List.of(slow),
        List.of(TestAuthorizers.allowingAll()), Duration.ofSeconds(10));
        Paho.V5 client = Paho.v5(broker.uri(), "late")) {
      var connecting = client.client.connect(Paho.v5Options("u", "p", true));
      entered.get(5, TimeUnit.SECONDS);
      broker.revocations().publish(Revocation.close("device:late", "credential refreshed"));
      answer.complete(AuthenticationResult.Allow.of(Principal.of("test", "u", Set.of("device:late"))));
      connecting.waitForCompletion(5000);
      assertEquals(0x87, client.disconnected.get(5, TimeUnit.SECONDS).getReturnCode());
    }
  }
}
