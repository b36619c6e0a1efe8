package io.mqttbroker.core.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * MQTT 5 topic aliases of one connection. Each direction has its own table: the client's aliases for what it
 * publishes (at most the maximum the broker advertised in CONNACK) and the broker's aliases for what it sends (at most
 * the maximum the client allowed in CONNECT). Both tables live and die with the network connection and are used only
 * on the connection's event loop.
 */
final class TopicAliases {
  private TopicAliases() {}

  /** The client's aliases: PUBLISH with a topic and an alias sets it, PUBLISH with only an alias uses it. */
  static final class Inbound {
    /** No alias allowed (MQTT 3.1.1, or a maximum of 0): holds nothing, shared. */
    static final Inbound NONE = new Inbound(0);
    private final int maximum;
    private Map<Integer, String> topics;

    Inbound(int maximum) {
      this.maximum = maximum;
    }

    /**
     * The topic of a PUBLISH: {@code topic} itself (recording the alias when one is given), or the topic the alias
     * stands for. An error says why the packet breaks the protocol, with the reason code to disconnect with.
     */
    Resolution resolve(String topic, Optional<Integer> alias) {
      if (alias.isEmpty()) {
        return topic.isEmpty() ? Resolution.error(0x82, "PUBLISH without a topic name or topic alias")
            : Resolution.ok(topic);
      }
      int a = alias.get();
      if (a == 0 || a > maximum) {
        return Resolution.error(0x94, "topic alias " + a + " outside 1.." + maximum);
      }
      if (!topic.isEmpty()) {
        if (topics == null) {
          topics = new HashMap<>();
        }
        topics.put(a, topic);
        return Resolution.ok(topic);
      }
      String known = topics == null ? null : topics.get(a);
      return known == null ? Resolution.error(0x82, "topic alias " + a + " was never set")
          : Resolution.ok(known);
    }
  }

  /**
   * The broker's aliases: the first topics sent get an alias each until the client's maximum is reached; the first
   * PUBLISH of a topic carries the topic and its alias, later ones only the alias. Later topics go out in full.
   */
  static final class Outbound {
    private final int maximum;
    private final Map<String, Integer> aliases = new HashMap<>();

    Outbound(int maximum) {
      this.maximum = maximum;
    }

    /** What to put in the PUBLISH for {@code topic}. */
    Choice choose(String topic) {
      Integer known = aliases.get(topic);
      if (known != null) {
        return new Choice("", known);
      }
      if (aliases.size() < maximum) {
        int alias = aliases.size() + 1;
        aliases.put(topic, alias);
        return new Choice(topic, alias);
      }
      return new Choice(topic, 0);
    }

    /** Undoes the choice for a PUBLISH that was not sent after all, so that the client never misses the mapping. */
    void forget(String topic, Choice choice) {
      // Only the alias just handed out can be taken back, which keeps aliases numbered 1..size.
      if (!choice.topic().isEmpty() && choice.alias() != 0 && choice.alias() == aliases.size()) {
        aliases.remove(topic, choice.alias());
      }
    }
  }

  /** The topic field and alias (0 = none) of an outgoing PUBLISH. */
  record Choice(String topic, int alias) {}

  /** A resolved topic, or a protocol error with its reason code. */
  record Resolution(String topic, int errorCode, String error) {
    static Resolution ok(String topic) {
      return new Resolution(topic, 0, null);
    }

    static Resolution error(int code, String why) {
      return new Resolution(null, code, why);
    }

    boolean failed() {
      return errorCode != 0;
    }
  }
}
