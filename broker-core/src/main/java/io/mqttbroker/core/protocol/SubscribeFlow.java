package io.mqttbroker.core.protocol;

import io.mqttbroker.core.BrokerOptions.OnDeny;
import io.mqttbroker.core.routing.Message;
import io.mqttbroker.core.routing.Subscription;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.topic.Topics;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SUBSCRIBE and UNSUBSCRIBE: validation, authorization of each filter, SUBACK, retained delivery; re-checks. */
final class SubscribeFlow {
  private static final Logger LOG = LoggerFactory.getLogger(SubscribeFlow.class);
  private static final int V3_FAILURE = 0x80;
  private static final int V5_NOT_AUTHORIZED = 0x87;
  private static final int V5_FILTER_INVALID = 0x8F;
  private static final int V5_SHARED_NOT_SUPPORTED = 0x9E;

  private final MqttConnection c;

  SubscribeFlow(MqttConnection connection) {
    this.c = connection;
  }

  void onSubscribe(MqttSubscribeMessage msg) {
    int packetId = msg.idAndPropertiesVariableHeader().messageId();
    List<MqttTopicSubscription> requested = msg.payload().topicSubscriptions();
    if (requested.isEmpty()) {
      c.protocolViolation("SUBSCRIBE without topic filters");
      return;
    }
    List<Request> requests = new ArrayList<>(requested.size());
    for (MqttTopicSubscription s : requested) {
      String filter = s.topicFilter();
      int qos = Math.min(2, s.qualityOfService().value());
      Optional<String> invalid = TopicRules.validateFilter(c.broker.options(), filter);
      if (invalid.isPresent()) {
        requests.add(new Request(filter, qos, CompletableFuture.completedFuture(null), v5() ? V5_FILTER_INVALID
            : V3_FAILURE));
      } else if (Topics.parseShared(filter).isPresent()) {
        requests.add(new Request(filter, qos, CompletableFuture.completedFuture(null),
            v5() ? V5_SHARED_NOT_SUPPORTED : V3_FAILURE));
      } else {
        requests.add(new Request(filter, qos,
            c.broker.chain().authorize(new AuthorizationRequest(c, Action.SUBSCRIBE, filter, qos)), 0));
      }
    }
    CompletableFuture<?>[] all = requests.stream().map(Request::decision).toArray(CompletableFuture[]::new);
    CompletableFuture<Void> done = CompletableFuture.allOf(all);
    if (done.isDone()) {
      finish(packetId, requests);
      return;
    }
    c.gate();
    done.whenComplete((v, e) -> c.channel.eventLoop().execute(() -> {
      if (c.isConnected()) {
        finish(packetId, requests);
        c.resume();
      }
    }));
  }

  private void finish(int packetId, List<Request> requests) {
    List<Integer> codes = new ArrayList<>(requests.size());
    List<Subscription> granted = new ArrayList<>();
    for (Request r : requests) {
      if (r.invalidCode() != 0) {
        LOG.info("client={} subscribe to '{}' refused: invalid or unsupported filter", c.clientId, r.filter());
        codes.add(r.invalidCode());
        continue;
      }
      AuthorizationResult result = r.decision().isCompletedExceptionally() ? AuthorizationResult.DENY
          : r.decision().join();
      if (result != AuthorizationResult.ALLOW) {
        LOG.info("resource auth failed: client={} username={} action=SUBSCRIBE topic={}", c.clientId,
            c.username.orElse(""), r.filter());
        if (c.broker.options().onDeny() == OnDeny.DISCONNECT) {
          c.closeWith(V5_NOT_AUTHORIZED, "not authorized to subscribe to " + r.filter());
          return;
        }
        codes.add(v5() ? V5_NOT_AUTHORIZED : V3_FAILURE);
        continue;
      }
      Subscription sub = new Subscription(c.clientId, r.filter(), r.qos());
      c.session.subscriptions().put(r.filter(), sub);
      c.broker.router().subscribe(sub);
      granted.add(sub);
      codes.add(r.qos());
    }
    // Take the retained snapshot before the SUBACK: once the client has the SUBACK it may publish, and a retained
    // message it publishes then must reach it once (live), not a second time from this snapshot.
    List<Message> retained = new ArrayList<>();
    for (Subscription sub : granted) {
      for (Message m : c.broker.router().retained().matching(sub.filter())) {
        retained.add(m.withQos(Math.min(sub.qos(), m.qos())));
      }
    }
    c.channel.writeAndFlush(Replies.subAck(packetId, codes));
    retained.forEach(c.session::deliver);
  }

  void onUnsubscribe(MqttUnsubscribeMessage msg) {
    int packetId = msg.idAndPropertiesVariableHeader().messageId();
    List<Short> codes = new ArrayList<>();
    for (String filter : msg.payload().topics()) {
      boolean existed = c.session.subscriptions().remove(filter) != null;
      c.broker.router().unsubscribe(c.clientId, filter);
      codes.add((short) (existed ? 0x00 : 0x11));
    }
    c.channel.writeAndFlush(Replies.unsubAck(packetId, codes, c.protocolVersion));
  }

  /** Judges every existing subscription again and drops those no longer allowed (after a rights change). */
  void recheck() {
    for (Subscription sub : List.copyOf(c.session.subscriptionList())) {
      c.broker.chain().authorize(new AuthorizationRequest(c, Action.SUBSCRIBE, sub.filter(), sub.qos()))
          .whenComplete((r, e) -> {
            if (e != null || r != AuthorizationResult.ALLOW) {
              if (c.session.subscriptions().remove(sub.filter(), sub)) {
                c.broker.router().unsubscribe(c.clientId, sub.filter());
                LOG.info("client={} subscription '{}' removed: no longer authorized", c.clientId, sub.filter());
              }
            }
          });
    }
  }

  private boolean v5() {
    return c.protocolVersion == Replies.V5;
  }

  private record Request(String filter, int qos, CompletableFuture<AuthorizationResult> decision, int invalidCode) {}
}
