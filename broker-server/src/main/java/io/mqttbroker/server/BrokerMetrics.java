package io.mqttbroker.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mqttbroker.core.MqttBroker;

/** Exposes the broker's counters to the metrics registry scraped at {@code /metrics}. */
final class BrokerMetrics {
  private BrokerMetrics() {}

  static void bind(MeterRegistry registry, MqttBroker broker) {
    Gauge.builder("mqtt_clients_connected", broker, MqttBroker::connectedClients)
        .description("clients with an accepted CONNECT").register(registry);
    Gauge.builder("mqtt_sessions", broker, b -> b.context().sessions().size())
        .description("sessions held, connected or persistent offline").register(registry);
    Gauge.builder("mqtt_retained_messages", broker, b -> b.context().router().retained().size())
        .description("retained messages held").register(registry);
    FunctionCounter.builder("mqtt_messages_received", broker, b -> b.context().messagesIn().get())
        .description("PUBLISH packets received from clients").register(registry);
    FunctionCounter.builder("mqtt_messages_sent", broker, b -> b.context().messagesOut().get())
        .description("PUBLISH packets sent to clients").register(registry);
    FunctionCounter.builder("mqtt_messages_dropped", broker, b -> b.context().messagesDropped().get())
        .description("QoS 0 messages dropped for clients that read too slowly (mqtt.max-outbound-bytes)")
        .register(registry);
  }
}
