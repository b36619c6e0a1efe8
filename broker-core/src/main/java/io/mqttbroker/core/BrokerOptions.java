package io.mqttbroker.core;

import java.time.Duration;

/**
 * The limits and behaviour switches of the MQTT side; {@link #defaults()} or {@link #builder()} for sane defaults.
 *
 * @param maxPacketSize largest packet accepted, bytes
 * @param maxConnections most concurrent connections
 * @param maxInflight most unacknowledged QoS 1/2 messages per client and direction (MQTT 5 receive maximum)
 * @param maxQueuedMessages most messages queued per session (offline or over the in-flight window)
 * @param maxTopicLength longest topic name or filter, in UTF-8 bytes
 * @param maxTopicLevels most levels of a topic name or filter
 * @param maxClientIdLength longest client id
 * @param connectTimeout how long the CONNECT may take after the TCP connection opens
 * @param onDeny what an unauthorized PUBLISH/SUBSCRIBE does
 * @param requireGroupFormat refuse client ids not of the form GroupId@@@DeviceId
 * @param maxKeepAlive MQTT 5 server keep alive: the longest keep alive a client gets, seconds (0 = the client's own)
 * @param topicAliasMaximum most topic aliases an MQTT 5 client may use towards the broker (0 = none)
 * @param sysInterval how often the {@code $SYS/broker/...} statistics are published (zero = never)
 * @param eventLoops event loops (threads) that carry the MQTT connections (0 = one per core but one)
 * @param maxOutboundBytes bytes written to a client and not yet taken by its socket above which QoS 0 messages to it
 *     are dropped (counted) instead of buffered
 */
public record BrokerOptions(
    int maxPacketSize,
    int maxConnections,
    int maxInflight,
    int maxQueuedMessages,
    int maxTopicLength,
    int maxTopicLevels,
    int maxClientIdLength,
    Duration connectTimeout,
    OnDeny onDeny,
    boolean requireGroupFormat,
    int maxKeepAlive,
    int topicAliasMaximum,
    Duration sysInterval,
    int eventLoops,
    int maxOutboundBytes) {

  public static BrokerOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The event loops to start: {@link #eventLoops()}, or for 0 one per core but one (at least one). The spare core
   * serves the collector, the compiler and the authentication threads, and on small machines fewer loops mean fewer
   * messages handed from the publisher's loop to the subscriber's (docs/performance.md).
   */
  public int eventLoopsToStart(int cores) {
    return eventLoops > 0 ? eventLoops : Math.max(1, cores - 1);
  }

  /** What an unauthorized PUBLISH or SUBSCRIBE does (AUTH-SPEC section 7). */
  public enum OnDeny {
    /** Close the connection (the reference's behaviour). */
    DISCONNECT,
    /** Answer per packet with a failure reason code and keep the connection. */
    REJECT
  }

  /** Options with every value at its default until set. */
  public static final class Builder {
    private int maxPacketSize = 1024 * 1024;
    private int maxConnections = 100_000;
    private int maxInflight = 32;
    private int maxQueuedMessages = 1000;
    private int maxTopicLength = 1024;
    private int maxTopicLevels = 32;
    private int maxClientIdLength = 128;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private OnDeny onDeny = OnDeny.DISCONNECT;
    private boolean requireGroupFormat;
    private int maxKeepAlive;
    private int topicAliasMaximum = 16;
    private Duration sysInterval = Duration.ofSeconds(10);
    private int eventLoops;
    private int maxOutboundBytes = 1024 * 1024;

    private Builder() {}

    public Builder maxPacketSize(int value) {
      maxPacketSize = value;
      return this;
    }

    public Builder maxConnections(int value) {
      maxConnections = value;
      return this;
    }

    public Builder maxInflight(int value) {
      maxInflight = value;
      return this;
    }

    public Builder maxQueuedMessages(int value) {
      maxQueuedMessages = value;
      return this;
    }

    public Builder maxTopicLength(int value) {
      maxTopicLength = value;
      return this;
    }

    public Builder maxTopicLevels(int value) {
      maxTopicLevels = value;
      return this;
    }

    public Builder maxClientIdLength(int value) {
      maxClientIdLength = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    public Builder onDeny(OnDeny value) {
      onDeny = value;
      return this;
    }

    public Builder requireGroupFormat(boolean value) {
      requireGroupFormat = value;
      return this;
    }

    public Builder maxKeepAlive(int value) {
      maxKeepAlive = value;
      return this;
    }

    public Builder topicAliasMaximum(int value) {
      topicAliasMaximum = value;
      return this;
    }

    public Builder sysInterval(Duration value) {
      sysInterval = value;
      return this;
    }

    public Builder eventLoops(int value) {
      eventLoops = value;
      return this;
    }

    public Builder maxOutboundBytes(int value) {
      maxOutboundBytes = value;
      return this;
    }

    public BrokerOptions build() {
      return new BrokerOptions(maxPacketSize, maxConnections, maxInflight, maxQueuedMessages, maxTopicLength,
          maxTopicLevels, maxClientIdLength, connectTimeout, onDeny, requireGroupFormat, maxKeepAlive,
          topicAliasMaximum, sysInterval, eventLoops, maxOutboundBytes);
    }
  }
}
