package io.mqttbroker.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One MQTT listener: a transport, where it binds, and for the TLS transports the certificate to serve. Every listener
 * of a broker shares its sessions, security chain and limits.
 *
 * @param transport how clients reach it
 * @param host address to bind
 * @param port port to bind (0 = a free port, for tests)
 * @param tls the certificate and TLS settings, required for {@link Transport#TLS} and {@link Transport#WSS}
 */
public record ListenerOptions(Transport transport, String host, int port, Optional<TlsOptions> tls) {
  /** The WebSocket path clients connect to. */
  public static final String WEBSOCKET_PATH = "/mqtt";

  public ListenerOptions {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(host, "host");
    if (transport.secure() && tls.isEmpty()) {
      throw new IllegalArgumentException(transport + " listener needs a certificate and key");
    }
  }

  public static ListenerOptions tcp(String host, int port) {
    return new ListenerOptions(Transport.TCP, host, port, Optional.empty());
  }

  public static ListenerOptions tls(String host, int port, TlsOptions tls) {
    return new ListenerOptions(Transport.TLS, host, port, Optional.of(tls));
  }

  public static ListenerOptions ws(String host, int port) {
    return new ListenerOptions(Transport.WS, host, port, Optional.empty());
  }

  public static ListenerOptions wss(String host, int port, TlsOptions tls) {
    return new ListenerOptions(Transport.WSS, host, port, Optional.of(tls));
  }

  /** The transports: MQTT over TCP, over TLS, over WebSocket and over WebSocket on TLS. */
  public enum Transport {
    TCP(false, false),
    TLS(true, false),
    WS(false, true),
    WSS(true, true);

    private final boolean secure;
    private final boolean websocket;

    Transport(boolean secure, boolean websocket) {
      this.secure = secure;
      this.websocket = websocket;
    }

    public boolean secure() {
      return secure;
    }

    public boolean websocket() {
      return websocket;
    }
  }
}
