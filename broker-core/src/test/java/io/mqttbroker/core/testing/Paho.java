package io.mqttbroker.core.testing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Small helpers around real Eclipse Paho clients (v3 and v5). */
public final class Paho {
  private Paho() {}

  /** A v3 (MQTT 3.1.1) client with a callback that records messages and the connection loss. */
  public static V3 v3(String uri, String clientId) throws MqttException {
    return new V3(new MqttClient(uri, clientId, new MemoryPersistence()));
  }

  public static MqttConnectOptions v3Options(String username, String password, boolean clean) {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setCleanSession(clean);
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout(10);
    o.setKeepAliveInterval(60);
    // Paho frees an in-flight slot on its callback thread after the blocking publish returns; a larger window keeps
    // back-to-back publishes from racing that bookkeeping ("too many publishes in progress").
    o.setMaxInflight(1000);
    if (username != null) {
      o.setUserName(username);
    }
    if (password != null) {
      o.setPassword(password.toCharArray());
    }
    return o;
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Waits until the network threads of the Paho client {@code clientId} have ended. Paho completes a disconnect before
   * its old sender thread is gone, and that thread, failing on the closed socket, would close the next connection of
   * the same client object.
   */
  static void awaitNetworkThreadsGone(String clientId) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.isAlive()
            && (t.getName().equals("MQTT Snd: " + clientId) || t.getName().equals("MQTT Rec: " + clientId))));
  }

  /** A v3 client and what it saw. */
  public static final class V3 implements AutoCloseable {
    public final MqttClient client;
    public final Received received = new Received();
    public final CompletableFuture<Throwable> lost = new CompletableFuture<>();

    V3(MqttClient client) {
      this.client = client;
      // Bounded waits: a blocking call must never outlive a dropped connection (Paho can miss the loss).
      client.setTimeToWait(15_000);
      client.setCallback(new MqttCallback() {
        @Override
        public void connectionLost(Throwable cause) {
          lost.complete(cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
          received.add(topic, message.getPayload(), message.getQos(), message.isRetained(), message.isDuplicate());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
      });
    }

    public V3 connect(MqttConnectOptions options) throws MqttException {
      client.connect(options);
      return this;
    }

    public V3 connect() throws MqttException {
      return connect(v3Options("user", "pass", true));
    }

    public void publish(String topic, String payload, int qos, boolean retained) throws MqttException {
      client.publish(topic, utf8(payload), qos, retained);
    }

    /**
     * Publishes without waiting for the token: for a publish the broker answers by closing the connection, where a
     * blocking publish of Paho 1.2.5 can wait for a completion that never comes. Assert on {@link #lost} instead.
     */
    public void publishExpectingClose(String topic, byte[] payload) throws MqttException {
      MqttMessage message = new MqttMessage(payload);
      message.setQos(0);
      client.getTopic(topic).publish(message);
    }

    /** A normal DISCONNECT; returns once the same object may connect again ({@link #awaitNetworkThreadsGone}). */
    public void disconnect() throws MqttException {
      client.disconnect();
      awaitNetworkThreadsGone(client.getClientId());
    }

    @Override
    public void close() {
      try {
        if (client.isConnected()) {
          client.disconnect(2000);
        }
      } catch (MqttException ignored) {
        // already gone
      }
      try {
        client.close(true);
      } catch (MqttException ignored) {
        // already closed
      }
    }
  }

  /** A v5 client. */
  public static V5 v5(String uri, String clientId) throws org.eclipse.paho.mqttv5.common.MqttException {
    return new V5(new MqttAsyncClient(uri, clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence()));
  }

  public static MqttConnectionOptions v5Options(String username, String password, boolean cleanStart) {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(cleanStart);
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout(10);
    o.setKeepAliveInterval(60);
    if (username != null) {
      o.setUserName(username);
    }
    if (password != null) {
      o.setPassword(utf8(password));
    }
    return o;
  }

  /** A v5 client and what it saw. */
  public static final class V5 implements AutoCloseable {
    public final MqttAsyncClient client;
    public final Received received = new Received();
    /** The same messages with their MQTT 5 properties, for tests of those. */
    public final java.util.concurrent.BlockingQueue<Arrived> arrived = new java.util.concurrent.LinkedBlockingQueue<>();
    public final CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();

    V5(MqttAsyncClient client) {
      this.client = client;
      client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
          disconnected.complete(response);
        }

        @Override
        public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {}

        @Override
        public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
          received.add(topic, message.getPayload(), message.getQos(), message.isRetained(), message.isDuplicate());
          arrived.add(new Arrived(topic, message));
        }

        @Override
        public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
      });
    }

    /** The next message with its properties, or fails after 10 s. */
    public Arrived nextArrived() throws InterruptedException {
      Arrived a = arrived.poll(10, java.util.concurrent.TimeUnit.SECONDS);
      if (a == null) {
        throw new AssertionError("no message within 10 s");
      }
      return a;
    }

    /** A normal DISCONNECT; returns once the same object may connect again ({@link #awaitNetworkThreadsGone}). */
    public void disconnect() throws org.eclipse.paho.mqttv5.common.MqttException {
      client.disconnect().waitForCompletion(5000);
      awaitNetworkThreadsGone(client.getClientId());
    }

    public IMqttToken connect(MqttConnectionOptions options) throws org.eclipse.paho.mqttv5.common.MqttException {
      IMqttToken token = client.connect(options);
      token.waitForCompletion(10_000);
      return token;
    }

    public IMqttToken subscribe(String filter, int qos) throws org.eclipse.paho.mqttv5.common.MqttException {
      IMqttToken token = client.subscribe(filter, qos);
      token.waitForCompletion(10_000);
      return token;
    }

    public IMqttToken publish(String topic, String payload, int qos, boolean retained)
        throws org.eclipse.paho.mqttv5.common.MqttException {
      IMqttToken token = client.publish(topic, utf8(payload), qos, retained);
      token.waitForCompletion(10_000);
      return token;
    }

    @Override
    public void close() {
      try {
        if (client.isConnected()) {
          client.disconnect().waitForCompletion(2000);
        }
      } catch (org.eclipse.paho.mqttv5.common.MqttException ignored) {
        // already gone
      }
      try {
        client.close(true);
      } catch (org.eclipse.paho.mqttv5.common.MqttException ignored) {
        // already closed
      }
    }
  }

  /** A message an MQTT 5 client received, with its topic. */
  public record Arrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
    public String payload() {
      return new String(message.getPayload(), StandardCharsets.UTF_8);
    }
  }
}
