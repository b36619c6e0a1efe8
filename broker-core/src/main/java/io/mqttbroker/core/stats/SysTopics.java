package io.mqttbroker.core.stats;

import io.mqttbroker.core.protocol.BrokerContext;
import io.mqttbroker.core.routing.Message;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker's statistics under {@code $SYS/broker/...}, published as retained messages by the broker itself at a
 * fixed interval. Who may read them is a normal SUBSCRIBE authorization; no client may publish to {@code $SYS}.
 */
public final class SysTopics {
  public static final String PREFIX = "$SYS/broker/";

  private final BrokerContext broker;
  private final String version;

  public SysTopics(BrokerContext broker, String version) {
    this.broker = broker;
    this.version = version;
  }

  /** The current values by topic. */
  public Map<String, String> snapshot() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(PREFIX + "version", version);
    values.put(PREFIX + "uptime", String.valueOf((System.currentTimeMillis() - broker.startedAtMillis()) / 1000));
    values.put(PREFIX + "clients/connected", String.valueOf(broker.connections().size()));
    values.put(PREFIX + "clients/sessions", String.valueOf(broker.sessions().size()));
    values.put(PREFIX + "messages/received", String.valueOf(broker.messagesIn().get()));
    values.put(PREFIX + "messages/sent", String.valueOf(broker.messagesOut().get()));
    values.put(PREFIX + "messages/dropped", String.valueOf(broker.messagesDropped().get()));
    values.put(PREFIX + "messages/retained", String.valueOf(broker.router().retained().size()));
    values.put(PREFIX + "bytes/received", String.valueOf(broker.bytesIn().get()));
    values.put(PREFIX + "bytes/sent", String.valueOf(broker.bytesOut().get()));
    return values;
  }

  /** Publishes every value once, retained, QoS 0. */
  public void publish() {
    snapshot().forEach((topic, value) -> broker.router().publish(
        new Message(topic, value.getBytes(StandardCharsets.UTF_8), 0, true, "")));
  }
}
