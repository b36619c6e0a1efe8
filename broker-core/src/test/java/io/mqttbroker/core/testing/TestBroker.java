package io.mqttbroker.core.testing;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.ListenerOptions;
import io.mqttbroker.core.MqttBroker;
import io.mqttbroker.core.security.chain.SecurityChain;
import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.Authorizer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A real broker on an ephemeral loopback port with the given chain, for tests. Close it after use. */
public final class TestBroker implements AutoCloseable {
  private final MqttBroker broker;
  private final ExecutorService authExecutor;
  private final InMemoryRevocationBus revocations = new InMemoryRevocationBus();
  private final int port;

  public TestBroker(BrokerOptions options, List<Authenticator> authenticators, List<Authorizer> authorizers,
      Duration authTimeout) {
    this(options, authenticators, authorizers, authTimeout, List.of(ListenerOptions.tcp("127.0.0.1", 0)));
  }

  /** A broker with the given listeners (ports 0: free ones); the first must be TCP. */
  public TestBroker(BrokerOptions options, List<Authenticator> authenticators, List<Authorizer> authorizers,
      Duration authTimeout, List<ListenerOptions> listeners) {
    this.authExecutor = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(1000));
    SecurityChain chain = new SecurityChain(authenticators, authorizers, authTimeout, authExecutor);
    this.broker = new MqttBroker(options, chain, List.of(), List.of(), revocations);
    try {
      broker.start(listeners);
      this.port = broker.port(ListenerOptions.Transport.TCP);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException(e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Everyone allowed, everything authorized. */
  public static TestBroker open() {
    return new TestBroker(BrokerOptions.defaults(), List.of(TestAuthenticators.allowing()),
        List.of(TestAuthorizers.allowingAll()), Duration.ofSeconds(5));
  }

  public static TestBroker open(BrokerOptions options) {
    return new TestBroker(options, List.of(TestAuthenticators.allowing()), List.of(TestAuthorizers.allowingAll()),
        Duration.ofSeconds(5));
  }

  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The bound port of another transport's listener. */
  public int port(ListenerOptions.Transport transport) {
    return broker.port(transport);
  }

  public MqttBroker broker() {
    return broker;
  }

  public InMemoryRevocationBus revocations() {
    return revocations;
  }

  @Override
  public void close() {
    broker.stop();
    authExecutor.shutdownNow();
  }
}
