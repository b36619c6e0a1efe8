package io.mqttbroker.core.protocol;

import io.mqttbroker.core.BrokerOptions.OnDeny;
import io.mqttbroker.core.routing.Delivery;
import io.mqttbroker.core.routing.Message;
import io.mqttbroker.core.routing.Subscription;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.topic.Topics;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUBSCRIBE and UNSUBSCRIBE: validation, authorization of each filter (of a shared subscription, its inner filter),
 * subscription options and identifiers, SUBACK, retained delivery per retain handling; re-checks after a rights change.
 */
final class SubscribeFlow {
  private static final Logger LOG = LoggerFactory.getLogger(SubscribeFlow.class);
  private static final int V3_FAILURE = 0x80;
  private static final int V5_NOT_AUTHORIZED = 0x87;
  private static final int V5_FILTER_INVALID = 0x8F;

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
    Optional<Integer> subscriptionId = v5() ? PropertiesCodec.integer(msg.idAndPropertiesVariableHeader().properties(),
        MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value()) : Optional.empty();
    if (subscriptionId.isPresent() && subscriptionId.get() == 0) {
      c.protocolViolation("subscription identifier 0");
      return;
    }
    List<Request> requests = new ArrayList<>(requested.size());
    for (MqttTopicSubscription s : requested) {
      String filter = s.topicFilter();
      MqttSubscriptionOption option = s.option();
      int qos = Math.min(2, option.qos().value());
      Optional<Topics.SharedFilter> shared = Topics.parseShared(filter);
      if (shared.isPresent() && option.isNoLocal()) {
        c.protocolViolation("no local on shared subscription " + filter);
        return;
      }
      Subscription sub = new Subscription(c.clientId, filter, qos, option.isNoLocal(), option.isRetainAsPublished(),
          option.retainHandling().value(), subscriptionId.orElse(0));
      String inner = shared.map(Topics.SharedFilter::filter).orElse(filter);
      Optional<String> invalid = shared.isPresent() && !shared.get().valid() ? Optional.of("malformed share name")
          : TopicRules.validateFilter(c.broker.options(), inner);
      if (invalid.isPresent()) {
        requests.add(new Request(sub, CompletableFuture.completedFuture(null), v5() ? V5_FILTER_INVALID : V3_FAILURE));
      } else {
        requests.add(new Request(sub,
            c.broker.chain().authorize(new AuthorizationRequest(c, Action.SUBSCRIBE, inner, qos)), 0));
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
    List<Message> retained = new ArrayList<>();
    String failure = null;
    for (Request r : requests) {
      Subscription sub = r.subscription();
      if (r.invalidCode() != 0) {
        LOG.info("client={} subscribe to '{}' refused: invalid filter", c.clientId, sub.filter());
        codes.add(r.invalidCode());
        failure = "invalid topic filter " + sub.filter();
        continue;
      }
      AuthorizationResult result = r.decision().isCompletedExceptionally() ? AuthorizationResult.DENY
          : r.decision().join();
      if (result != AuthorizationResult.ALLOW) {
        LOG.info("resource auth failed: client={} username={} action=SUBSCRIBE topic={}", c.clientId,
            c.username.orElse(""), sub.filter());
        if (c.broker.options().onDeny() == OnDeny.DISCONNECT) {
          c.closeWith(V5_NOT_AUTHORIZED, "not authorized to subscribe to " + sub.filter());
          return;
        }
        codes.add(v5() ? V5_NOT_AUTHORIZED : V3_FAILURE);
        failure = "not authorized to subscribe to " + sub.filter();
        continue;
      }
      Subscription previous = c.session.subscriptions().put(sub.filter(), sub);
      c.broker.router().subscribe(sub);
      codes.add(sub.qos());
      // Take the retained snapshot before the SUBACK: once the client has the SUBACK it may publish, and a retained
      // message it publishes then must reach it once (live), not a second time from this snapshot.
      if (wantsRetained(sub, previous == null)) {
        Delivery delivery = Delivery.of(sub.subscriptionId() == 0 ? List.of() : List.of(sub.subscriptionId()));
        for (Message m : c.broker.router().retained().matching(sub.filter())) {
          retained.add(m.withQos(Math.min(sub.qos(), m.qos())).withDelivery(delivery));
        }
      }
    }
    c.channel.writeAndFlush(Replies.subAck(packetId, codes, c.problemInfo(failure)));
    retained.forEach(c.session::deliver);
  }

  /** Retain handling 0 sends retained messages, 1 only for a new subscription, 2 never; shared ones never get any. */
  private static boolean wantsRetained(Subscription sub, boolean isNew) {
    if (sub.shared().isPresent()) {
      return false;
    }
    return sub.retainHandling() == 0 || sub.retainHandling() == 1 && isNew;
  }

  void onUnsubscribe(MqttUnsubscribeMessage msg) {
    int packetId = msg.idAndPropertiesVariableHeader().messageId();
    List<Short> codes = new ArrayList<>();
    for (String filter : msg.payload().topics()) {
      boolean existed = c.session.subscriptions().remove(filter) != null;
      c.broker.router().unsubscribe(c.clientId, filter);
      if (existed && Topics.parseShared(filter).isPresent()) {
        // Leaving a share group: what was queued for this member goes to another one.
        for (Message m : c.session.takeShared(filter, false)) {
          c.broker.router().redeliverShared(m, c.clientId);
        }
      }
      codes.add((short) (existed ? 0x00 : 0x11));
    }
    c.channel.writeAndFlush(Replies.unsubAck(packetId, codes, c.protocolVersion));
  }

  /**
   * Judges every existing subscription again and drops those no longer allowed (after a rights change); the future
   * completes when every decision has been applied.
   */
  CompletableFuture<Void> recheck() {
    List<CompletableFuture<Void>> applied = new ArrayList<>();
    for (Subscription sub : List.copyOf(c.session.subscriptionList())) {
      String inner = sub.shared().map(Topics.SharedFilter::filter).orElse(sub.filter());
      applied.add(c.broker.chain().authorize(new AuthorizationRequest(c, Action.SUBSCRIBE, inner, sub.qos()))
          .handle((r, e) -> {
            if (e != null || r != AuthorizationResult.ALLOW) {
              if (c.session.subscriptions().remove(sub.filter(), sub)) {
                c.broker.router().unsubscribe(c.clientId, sub.filter());
                LOG.info("client={} subscription '{}' removed: no longer authorized", c.clientId, sub.filter());
              }
            }
            return null;
          }));
    }
    return CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new));
  }

  private boolean v5() {
    return c.protocolVersion == Replies.V5;
  }

  private record Request(Subscription subscription, CompletableFuture<AuthorizationResult> decision,
      int invalidCode) {}
}
