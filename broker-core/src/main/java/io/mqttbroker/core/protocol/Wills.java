package io.mqttbroker.core.protocol;

import io.mqttbroker.core.routing.Message;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.ClientContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Will messages of connections that ended without a normal DISCONNECT. A will goes out at once, or (MQTT 5) after its
 * will delay interval unless the client reconnects to its session first; it goes out early when the session ends.
 * Every will is authorized like a PUBLISH of its client at the moment it goes out.
 */
final class Wills {
  private static final Logger LOG = LoggerFactory.getLogger(Wills.class);

  private final BrokerContext broker;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  Wills(BrokerContext broker) {
    this.broker = broker;
  }

  /**
   * The connection of {@code client} has closed with a will: publish it after {@code delaySeconds} (already capped
   * by the session expiry interval), at once when that is 0.
   */
  void onClosed(ClientContext client, Message will, long willExpirySeconds, long delaySeconds,
      ScheduledExecutorService scheduler) {
    if (delaySeconds <= 0) {
      publish(client, will, willExpirySeconds);
      return;
    }
    Pending p = new Pending(client, will, willExpirySeconds);
    Pending previous = pending.put(client.clientId(), p);
    if (previous != null) {
      previous.cancel();
    }
    p.timer = scheduler.schedule(() -> {
      if (pending.remove(client.clientId(), p)) {
        publish(client, will, willExpirySeconds);
      }
    }, delaySeconds, TimeUnit.SECONDS);
  }

  /** A new connection resumed the session of {@code clientId} before the delay passed: the will is not sent. */
  void onResumed(String clientId) {
    Pending p = pending.remove(clientId);
    if (p != null) {
      p.cancel();
      LOG.debug("will of client={} dropped: the client reconnected within the will delay", clientId);
    }
  }

  /** The session of {@code clientId} has ended: a will still waiting for its delay goes out now. */
  void onSessionEnded(String clientId) {
    Pending p = pending.remove(clientId);
    if (p != null) {
      p.cancel();
      publish(p.client, p.will, p.willExpirySeconds);
    }
  }

  int pendingCount() {
    return pending.size();
  }

  private void publish(ClientContext client, Message will, long willExpirySeconds) {
    if (will.topic().startsWith("$")) {
      return;
    }
    // The will's message expiry interval counts from now, when it is published.
    long now = System.currentTimeMillis();
    Message out = willExpirySeconds == 0 ? will : new Message(will.topic(), will.payload(), will.qos(),
        will.retain(), will.publisherClientId(), will.properties().withExpiresAt(now + willExpirySeconds * 1000),
        will.delivery());
    broker.chain().authorize(new AuthorizationRequest(client, Action.PUBLISH, will.topic(), will.qos()))
        .thenAccept(r -> {
          if (r == AuthorizationResult.ALLOW) {
            broker.messagesIn().incrementAndGet();
            broker.router().publish(out);
          } else {
            LOG.info("will of client={} not published: not authorized for topic {}", client.clientId(),
                will.topic());
          }
        });
  }

  private static final class Pending {
    final ClientContext client;
    final Message will;
    final long willExpirySeconds;
    volatile Future<?> timer;

    Pending(ClientContext client, Message will, long willExpirySeconds) {
      this.client = client;
      this.will = will;
      this.willExpirySeconds = willExpirySeconds;
    }

    void cancel() {
      Future<?> t = timer;
      if (t != null) {
        t.cancel(false);
      }
    }
  }
}
