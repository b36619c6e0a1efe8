package io.mqttbroker.core.protocol;

import io.mqttbroker.core.security.revocation.Revocation;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on live connections when something is taken away: CLOSE sends the notice (if any) and closes, RECHECK judges
 * the client's subscriptions again. Runs each action on the affected connection's own event loop.
 */
public final class RevocationEnforcer implements Consumer<Revocation> {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationEnforcer.class);
  private final BrokerContext broker;

  public RevocationEnforcer(BrokerContext broker) {
    this.broker = broker;
  }

  @Override
  public void accept(Revocation revocation) {
    broker.recentRevocations().record(revocation);
    for (MqttConnection connection : broker.connections().withRevocationKey(revocation.key())) {
      connection.channel.eventLoop().execute(() -> {
        if (!connection.isConnected()) {
          return;
        }
        if (revocation.action() == Revocation.RevocationAction.CLOSE) {
          close(connection, revocation);
        } else {
          // Messages waiting behind the in-flight window for a subscription just removed are not delivered either.
          connection.subscribeFlow().recheck().thenRun(() -> connection.session.dropUnsubscribedQueued());
        }
      });
    }
  }

  /** Sends the revocation's notice, if any, then closes (MQTT 5: DISCONNECT 0x87). On the connection's loop. */
  static void close(MqttConnection connection, Revocation revocation) {
    revocation.notice().ifPresent(n -> connection.sendSystemMessage(n.topic(), n.payload()));
    LOG.info("closing client={} address={}: {}", connection.clientId(), connection.remote(), revocation.reason());
    connection.closeWith(0x87, revocation.reason());
  }
}
