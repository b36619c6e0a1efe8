package io.mqttbroker.core.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.Principal;
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
        RawClient client = RawClient.connect(broker.port())) {
      client.send(RawClient.connectPacket("late", null, null, 60));
      entered.get(5, TimeUnit.SECONDS);
      broker.revocations().publish(Revocation.close("device:late", "credential refreshed"));
      answer.complete(AuthenticationResult.Allow.of(Principal.of("test", "u", Set.of("device:late"))));
      client.expectConnAck(0);
      assertTrue(client.closedByServer(), "the revoked credential's connection must be closed");
    }
  }
}
