package io.mqttbroker.auth.custom.permission;

import io.mqttbroker.auth.custom.IdentityType;
import io.mqttbroker.auth.custom.permission.CustomAuthPermission.PermissionKey;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.topic.TopicTree;
import io.mqttbroker.core.topic.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Every custom-auth permission rule in memory, so that a PUBLISH or SUBSCRIBE is judged without a database round trip.
 * Rules are grouped per identity ({@code USER:<username>}, {@code CLIENT:<clientId>}), each group a {@link TopicTree},
 * so a check walks only the two trees of the asking client and only the branches its topic reaches: it costs about
 * the same with ten rules or a million.
 *
 * <p>Decisions are lock-free and may run on any thread (event loops); changes are serialised on this object. The
 * index trusts its input: callers pass validated rules ({@link CustomAuthPermission#of}).
 */
public final class PermissionIndex {
  private final Map<String, IdentityRules> users = new ConcurrentHashMap<>();
  private final Map<String, IdentityRules> clients = new ConcurrentHashMap<>();
  private volatile long size;

  /** Adds or replaces the rule with the same key. */
  public synchronized void put(CustomAuthPermission permission) {
    IdentityRules rules = byType(permission.identityType())
        .computeIfAbsent(permission.identity(), id -> new IdentityRules());
    if (rules.put(permission)) {
      size++;
    }
  }

  /**
   * Replaces every rule of one identity by {@code permissions} (all of them of that identity), in one step for the
   * checks: they see the old rules or the new ones, never a mix. Used to take in a change made on another node.
   */
  public synchronized void replace(IdentityType type, String identity, List<CustomAuthPermission> permissions) {
    IdentityRules fresh = new IdentityRules();
    for (CustomAuthPermission permission : permissions) {
      if (permission.identityType() != type || !permission.identity().equals(identity)) {
        throw new IllegalArgumentException(permission + " is not a rule of " + type + " " + identity);
      }
      fresh.put(permission);
    }
    Map<String, IdentityRules> map = byType(type);
    IdentityRules old = fresh.byTopic.isEmpty() ? map.remove(identity) : map.put(identity, fresh);
    size += fresh.byTopic.size() - (old == null ? 0 : old.byTopic.size());
  }

  /** Removes the rule with {@code key}; returns whether there was one. */
  public synchronized boolean remove(PermissionKey key) {
    Map<String, IdentityRules> map = byType(key.identityType());
    IdentityRules rules = map.get(key.identity());
    if (rules == null || rules.byTopic.remove(key.topic()) == null) {
      return false;
    }
    rules.tree.remove(key.topic(), key.topic());
    rules.subscribeDenies.remove(key.topic());
    size--;
    if (rules.byTopic.isEmpty()) {
      // Safe without a race: puts are serialised with this removal, so no put can be landing in this group.
      map.remove(key.identity(), rules);
    }
    return true;
  }

  /**
   * Judges a PUBLISH to the topic name {@code topic} or a SUBSCRIBE to the filter {@code topic} by a client that
   * connected as {@code username} with {@code clientId}, from the rules of its client id (CLIENT) and of its username
   * (USER) whose action fits. PUBLISH: the rules whose topic matches the topic name. SUBSCRIBE: an ALLOW must cover the
   * whole requested filter, and a DENY applies as soon as it shares one topic with it ({@code DENY a/secret} refuses a
   * subscription to {@code a/#}), or the subscription would deliver what the DENY forbids. Any DENY wins, else any
   * ALLOW allows; no rule is a DENY. Never answers NO_MATCH.
   */
  public AuthorizationResult decide(Action action, String username, String clientId, String topic) {
    Verdict verdict = new Verdict(PermitAction.bit(action));
    IdentityRules rules = clients.get(clientId);
    if (rules != null) {
      visit(rules, action, topic, verdict);
    }
    if (!verdict.denied) {
      rules = users.get(username);
      if (rules != null) {
        visit(rules, action, topic, verdict);
      }
    }
    return verdict.denied || !verdict.allowed ? AuthorizationResult.DENY : AuthorizationResult.ALLOW;
  }

  /** How many rules the index holds. */
  public long size() {
    return size;
  }

  /** A copy of every rule, in no particular order (diagnostics and tests; walks the whole index). */
  public List<CustomAuthPermission> rules() {
    List<CustomAuthPermission> all = new ArrayList<>();
    collect(IdentityType.USER, users, all);
    collect(IdentityType.CLIENT, clients, all);
    return all;
  }

  private static void collect(IdentityType type, Map<String, IdentityRules> map, List<CustomAuthPermission> into) {
    map.forEach((identity, rules) -> rules.byTopic.forEach((topic, rule) ->
        into.add(new CustomAuthPermission(type, identity, topic, rule.action(), rule.effect()))));
  }

  private static void visit(IdentityRules rules, Action action, String topic, Verdict verdict) {
    if (action == Action.PUBLISH) {
      verdict.countDeny = true;
      rules.tree.forEachMatch(topic, verdict);
      return;
    }
    // An identity has a handful of subscribe denies, so they are compared one by one: the cost depends on this
    // identity's rules only, never on the rules of the whole instance.
    if (!rules.subscribeDenies.isEmpty()) {
      for (String denied : rules.subscribeDenies.keySet()) {
        if (Topics.intersects(denied, topic)) {
          verdict.denied = true;
          return;
        }
      }
    }
    // Every covering DENY also intersects, so the walk for the covering ALLOW may ignore denies.
    verdict.countDeny = false;
    rules.tree.forEachCovering(topic, verdict);
  }

  private Map<String, IdentityRules> byType(IdentityType type) {
    return type == IdentityType.USER ? users : clients;
  }

  /**
   * The rules of one identity: the tree answers lookups, the map lists and counts them, and the DENY rules for
   * SUBSCRIBE are kept apart as well because a subscribe is refused by any of them that shares a topic with it.
   */
  private static final class IdentityRules {
    final TopicTree<String, Rule> tree = new TopicTree<>();
    final Map<String, Rule> byTopic = new ConcurrentHashMap<>(4);
    final Map<String, Rule> subscribeDenies = new ConcurrentHashMap<>(2);

    /** Adds or replaces the rule of the permission's topic; returns whether the topic is new here. */
    boolean put(CustomAuthPermission permission) {
      Rule rule = Rule.of(permission.permitAction(), permission.effect());
      boolean added = byTopic.put(permission.topic(), rule) == null;
      tree.put(permission.topic(), permission.topic(), rule);
      if (rule.effect() == Effect.DENY && rule.action().covers(Action.SUBSCRIBE)) {
        subscribeDenies.put(permission.topic(), rule);
      } else {
        subscribeDenies.remove(permission.topic());
      }
      return added;
    }
  }

  /** What a rule says; one shared instance per combination keeps a million rules small. */
  private record Rule(PermitAction action, Effect effect) {
    private static final List<Rule> ALL = Arrays.stream(PermitAction.values())
        .flatMap(a -> Arrays.stream(Effect.values()).map(e -> new Rule(a, e)))
        .toList();

    static Rule of(PermitAction action, Effect effect) {
      return ALL.get(action.ordinal() * Effect.values().length + effect.ordinal());
    }
  }

  /** Collects the effects of the matching rules of one check; the only object a check allocates itself. */
  private static final class Verdict implements BiConsumer<String, Rule> {
    private final int actionBit;
    // Whether the current walk records DENY rules (a SUBSCRIBE has judged its denies before it walks for an ALLOW).
    boolean countDeny;
    boolean allowed;
    boolean denied;

    Verdict(int actionBit) {
      this.actionBit = actionBit;
    }

    @Override
    public void accept(String topic, Rule rule) {
      if ((rule.action().bits() & actionBit) != 0) {
        if (rule.effect() == Effect.ALLOW) {
          allowed = true;
        } else if (countDeny) {
          denied = true;
        }
      }
    }
  }
}
