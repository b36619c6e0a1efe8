package io.mqttbroker.core;

import java.time.Duration;

/**
 * The limits and behaviour switches of the MQTT side, with sane defaults (see {@link #defaults()}).
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
    Duration sysInterval) {

  public static BrokerOptions defaults() {
    return new BrokerOptions(1024 * 1024, 100_000, 32, 1000, 1024, 32, 128, Duration.ofSeconds(10),
        OnDeny.DISCONNECT, false, 0, 16, Duration.ofSeconds(10));
  }

  public BrokerOptions withOnDeny(OnDeny value) {
    return new BrokerOptions(maxPacketSize, maxConnections, maxInflight, maxQueuedMessages, maxTopicLength,
        maxTopicLevels, maxClientIdLength, connectTimeout, value, requireGroupFormat, maxKeepAlive,
        topicAliasMaximum, sysInterval);
  }

  public BrokerOptions withMaxPacketSize(int value) {
    return new BrokerOptions(value, maxConnections, maxInflight, maxQueuedMessages, maxTopicLength,
        maxTopicLevels, maxClientIdLength, connectTimeout, onDeny, requireGroupFormat, maxKeepAlive,
        topicAliasMaximum, sysInterval);
  }

  public BrokerOptions withMaxConnections(int value) {
    return new BrokerOptions(maxPacketSize, value, maxInflight, maxQueuedMessages, maxTopicLength,
        maxTopicLevels, maxClientIdLength, connectTimeout, onDeny, requireGroupFormat, maxKeepAlive,
        topicAliasMaximum, sysInterval);
  }

  public BrokerOptions withMaxInflight(int value) {
    return new BrokerOptions(maxPacketSize, maxConnections, value, maxQueuedMessages, maxTopicLength,
        maxTopicLevels, maxClientIdLength, connectTimeout, onDeny, requireGroupFormat, maxKeepAlive,
        topicAliasMaximum, sysInterval);
  }

  public BrokerOptions withMaxQueuedMessages(int value) {
    return new BrokerOptions(maxPacketSize, maxConnections, maxInflight, value, maxTopicLength,
        maxTopicLevels, maxClientIdLength, connectTimeout, onDeny, requireGroupFormat, maxKeepAlive,
        topicAliasMaximum, sysInterval);
  }

  public BrokerOptions withConnectTimeout(Duration value) {
    return new BrokerOptions(maxPacketSize, maxConnections, maxInflight, maxQueuedMessages, maxTopicLength,
        maxTopicLevels, maxClientIdLength, value, onDeny, requireGroupFormat, maxKeepAlive, topicAliasMaximum,
        sysInterval);
  }

  public BrokerOptions withMaxKeepAlive(int value) {
    return new BrokerOptions(maxPacketSize, maxConnections, maxInflight, maxQueuedMessages, maxTopicLength,
        maxTopicLevels, maxClientIdLength, connectTimeout, onDeny, requireGroupFormat, value, topicAliasMaximum,
        sysInterval);
  }

  public BrokerOptions withTopicAliasMaximum(int value) {
    return new BrokerOptions(maxPacketSize, maxConnections, maxInflight, maxQueuedMessages, maxTopicLength,
        maxTopicLevels, maxClientIdLength, connectTimeout, onDeny, requireGroupFormat, maxKeepAlive, value,
        sysInterval);
  }

  public BrokerOptions withSysInterval(Duration value) {
    return new BrokerOptions(maxPacketSize, maxConnections, maxInflight, maxQueuedMessages, maxTopicLength,
        maxTopicLevels, maxClientIdLength, connectTimeout, onDeny, requireGroupFormat, maxKeepAlive,
        topicAliasMaximum, value);
  }

  /** What an unauthorized PUBLISH or SUBSCRIBE does (AUTH-SPEC section 7). */
  public enum OnDeny {
    /** Close the connection (the reference's behaviour). */
    DISCONNECT,
    /** Answer per packet with a failure reason code and keep the connection. */
    REJECT
  }
}
