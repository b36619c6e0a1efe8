package io.mqttbroker.server;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.ListenerOptions;
import io.mqttbroker.core.TlsOptions;
import io.mqttbroker.server.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads the MQTT limits, switches and listeners out of the configuration. */
final class BrokerOptionsFromSettings {
  private BrokerOptionsFromSettings() {}

  static BrokerOptions read(Settings s) {
    String onDeny = s.get("auth.on-deny").toUpperCase(Locale.ROOT);
    if (!onDeny.equals("DISCONNECT") && !onDeny.equals("REJECT")) {
      throw new IllegalArgumentException("auth.on-deny (MQTT_AUTH_ON_DENY) must be disconnect or reject, got '"
          + s.get("auth.on-deny") + "'");
    }
    return BrokerOptions.builder()
        .maxPacketSize(positive(s, "mqtt.max-packet-size"))
        .maxConnections(positive(s, "mqtt.max-connections"))
        .maxInflight(Math.min(65535, positive(s, "mqtt.max-inflight")))
        .maxQueuedMessages(positive(s, "mqtt.max-queued-messages"))
        .maxTopicLength(positive(s, "mqtt.max-topic-length"))
        .maxTopicLevels(positive(s, "mqtt.max-topic-levels"))
        .maxClientIdLength(positive(s, "mqtt.max-client-id-length"))
        .connectTimeout(s.getDuration("mqtt.connect-timeout"))
        .onDeny(BrokerOptions.OnDeny.valueOf(onDeny))
        .requireGroupFormat(s.getBoolean("auth.require-group-format"))
        .maxKeepAlive(Math.min(65535, atLeastZero(s, "mqtt.max-keep-alive")))
        .topicAliasMaximum(Math.min(65535, atLeastZero(s, "mqtt.topic-alias-maximum")))
        .sysInterval(s.getDuration("mqtt.sys-interval"))
        .eventLoops(atLeastZero(s, "mqtt.event-loops"))
        .maxOutboundBytes(Math.max(2, positive(s, "mqtt.max-outbound-bytes")))
        .build();
  }

  /**
   * The MQTT listeners: TCP always; TLS and WSS when their port is not 0 and a certificate is configured; WS when its
   * port is not 0. Unlike {@code mqtt.port} (0 = a free port), 0 turns these listeners off.
   */
  static List<ListenerOptions> listeners(Settings s) {
    String host = s.get("mqtt.bind-address");
    List<ListenerOptions> listeners = new ArrayList<>();
    listeners.add(ListenerOptions.tcp(host, s.getInt("mqtt.port")));
    Optional<TlsOptions> tls = tls(s);
    int tlsPort = atLeastZero(s, "mqtt.tls-port");
    if (tlsPort > 0 && tls.isPresent()) {
      listeners.add(ListenerOptions.tls(host, tlsPort, tls.get()));
    }
    int wsPort = atLeastZero(s, "mqtt.ws-port");
    if (wsPort > 0) {
      listeners.add(ListenerOptions.ws(host, wsPort));
    }
    int wssPort = atLeastZero(s, "mqtt.wss-port");
    if (wssPort > 0 && tls.isPresent()) {
      listeners.add(ListenerOptions.wss(host, wssPort, tls.get()));
    }
    return listeners;
  }

  private static Optional<TlsOptions> tls(Settings s) {
    String cert = s.get("mqtt.tls-cert-file");
    if (cert.isEmpty()) {
      return Optional.empty();
    }
    Path certFile = readable(s, "mqtt.tls-cert-file");
    if (s.get("mqtt.tls-key-file").isEmpty()) {
      throw new IllegalArgumentException("mqtt.tls-cert-file is set but mqtt.tls-key-file (MQTT_TLS_KEY_FILE) is not");
    }
    Path keyFile = readable(s, "mqtt.tls-key-file");
    Optional<Path> clientCa = s.get("mqtt.tls-client-ca-file").isEmpty() ? Optional.empty()
        : Optional.of(readable(s, "mqtt.tls-client-ca-file"));
    String auth = s.get("mqtt.tls-client-auth").toUpperCase(Locale.ROOT);
    if (!auth.equals("REQUIRED") && !auth.equals("OPTIONAL")) {
      throw new IllegalArgumentException("mqtt.tls-client-auth (MQTT_TLS_CLIENT_AUTH) must be required or optional, "
          + "got '" + s.get("mqtt.tls-client-auth") + "'");
    }
    try {
      return Optional.of(new TlsOptions(certFile, keyFile, clientCa,
          auth.equals("REQUIRED") ? TlsOptions.ClientAuth.REQUIRE : TlsOptions.ClientAuth.OPTIONAL,
          list(s.get("mqtt.tls-protocols")), list(s.get("mqtt.tls-ciphers"))));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("mqtt.tls-protocols (MQTT_TLS_PROTOCOLS): " + e.getMessage(), e);
    }
  }

  private static Path readable(Settings s, String key) {
    Path file = Path.of(s.get(key));
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(key + " (" + Settings.envName(key) + "): cannot read " + file);
    }
    return file;
  }

  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  private static int atLeastZero(Settings s, String key) {
    int v = s.getInt(key);
    if (v < 0) {
      throw new IllegalArgumentException(key + " (" + Settings.envName(key) + ") must be 0 or more, got " + v);
    }
    return v;
  }

  private static int positive(Settings s, String key) {
    int v = s.getInt(key);
    if (v < 1) {
      throw new IllegalArgumentException(key + " (" + Settings.envName(key) + ") must be at least 1, got " + v);
    }
    return v;
  }
}
