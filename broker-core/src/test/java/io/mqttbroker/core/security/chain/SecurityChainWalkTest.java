package io.mqttbroker.core.security.chain;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.AuthenticationResult.Allow;
import io.mqttbroker.core.security.spi.AuthenticationResult.Deny;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.DenyReason;
import io.mqttbroker.core.testing.TestAuthenticators;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the chain walks its authenticators: one executor task while they answer at once, one more per late answer. */
class SecurityChainWalkTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final AtomicInteger tasks = new AtomicInteger();
  private final AtomicInteger tasksDone = new AtomicInteger();
  /** The answer of {@link #ignoringLater()}, completed by the test. */
  private final CompletableFuture<AuthenticationResult> lateAnswer = new CompletableFuture<>();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private SecurityChain chain(Authenticator... authenticators) {
    return new SecurityChain(List.of(authenticators), List.of(), Duration.ofSeconds(5), task -> {
      tasks.incrementAndGet();
      pool.execute(() -> {
        task.run();
        tasksDone.incrementAndGet();
      });
    });
  }

  private static CompletableFuture<AuthenticationResult> start(SecurityChain chain) {
    return chain.authenticate(new ConnectRequest("c1", Optional.of("u"), Optional.of(new byte[] {1}), 4,
        new InetSocketAddress("127.0.0.1", 40000), Optional.empty()));
  }

  private static AuthenticationResult connect(SecurityChain chain) throws Exception {
    return start(chain).get(10, TimeUnit.SECONDS);
  }

  /** Ignores when the test completes {@link #lateAnswer}. */
  private Authenticator ignoringLater() {
    return new Authenticator() {
      @Override
      public String name() {
        return "later";
      }

      @Override
      public CompletionStage<AuthenticationResult> authenticate(ConnectRequest request) {
        return lateAnswer;
      }
    };
  }

  @Test
  void authenticatorsThatAnswerAtOnceAreWalkedInOneTask() throws Exception {
    SecurityChain chain = chain(TestAuthenticators.ignoring(), TestAuthenticators.ignoring(),
        TestAuthenticators.ignoring(), TestAuthenticators.allowing());

    assertInstanceOf(Allow.class, connect(chain));
    assertEquals(1, tasks.get());
  }

  @Test
  void aLateAnswerContinuesTheWalkInANewTaskInOrder() throws Exception {
    SecurityChain chain = chain(TestAuthenticators.ignoring(), ignoringLater(),
        TestAuthenticators.denying(DenyReason.BANNED), TestAuthenticators.allowing());

    CompletableFuture<AuthenticationResult> result = start(chain);
    // The first task has walked up to the late authenticator and returned, leaving the rest to its answer.
    await().atMost(Duration.ofSeconds(10)).until(() -> tasksDone.get() == 1);
    assertEquals(1, tasks.get());
    lateAnswer.complete(AuthenticationResult.IGNORE);

    Deny deny = assertInstanceOf(Deny.class, result.get(10, TimeUnit.SECONDS));
    assertEquals(DenyReason.BANNED, deny.reason());
    assertEquals(2, tasks.get());
  }

  @Test
  void anExhaustedChainAndAThrowingAuthenticatorAreDenies() throws Exception {
    lateAnswer.complete(AuthenticationResult.IGNORE);
    assertEquals(DenyReason.NOT_AUTHORIZED,
        assertInstanceOf(Deny.class, connect(chain(TestAuthenticators.ignoring(), ignoringLater()))).reason());
    assertEquals(DenyReason.SERVER_UNAVAILABLE, assertInstanceOf(Deny.class,
        connect(chain(TestAuthenticators.ignoring(), TestAuthenticators.throwing(), TestAuthenticators.allowing())))
        .reason());
  }
}
