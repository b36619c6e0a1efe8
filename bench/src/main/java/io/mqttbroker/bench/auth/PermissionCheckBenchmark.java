package io.mqttbroker.bench.auth;

import io.mqttbroker.auth.custom.IdentityType;
import io.mqttbroker.auth.custom.permission.CustomAuthPermission;
import io.mqttbroker.auth.custom.permission.Effect;
import io.mqttbroker.auth.custom.permission.PermissionIndex;
import io.mqttbroker.auth.custom.permission.PermitAction;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One custom-mode authorization decision ({@link PermissionIndex#decide}) with 10, 10,000 and 1,000,000 rules in the
 * index: the question is whether a check costs the same however many rules the instance holds.
 *
 * <p>The checked client ({@value #USERNAME} / {@value #CLIENT_ID}) has a realistic handful of rules, USER and CLIENT,
 * ALLOW and DENY, with wildcards; the crowd is every other rule, spread over many identities (about five each, half
 * usernames, half client ids) and several topic shapes, some under the same topic prefixes as the checked client so
 * that equal topic levels exist in many identities' trees.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PermissionCheckBenchmark {
  static final String USERNAME = "meter";
  static final String CLIENT_ID = "GID_meter@@@device-7";

  /** How many rules the index holds in all, the checked client's own included. */
  @Param({"10", "10000", "1000000"})
  public int rules;

  private PermissionIndex index;

  @Setup(Level.Trial)
  public void fill() {
    index = new PermissionIndex();
    int own = addOwnRules(index);
    addCrowd(index, rules - own);
    if (index.size() != rules) {
      throw new IllegalStateException("the index holds " + index.size() + " rules, expected " + rules);
    }
    // The answers the benchmarks rely on, so that a change of semantics cannot turn them into other questions.
    expect(AuthorizationResult.ALLOW, publishAllowed());
    expect(AuthorizationResult.DENY, publishDenied());
    expect(AuthorizationResult.ALLOW, subscribeAllowed());
    expect(AuthorizationResult.DENY, subscribeDenied());
  }

  /** A PUBLISH that the client's own CLIENT rule allows (the USER rules are walked too). */
  @Benchmark
  public AuthorizationResult publishAllowed() {
    return index.decide(Action.PUBLISH, USERNAME, CLIENT_ID, "site/42/meters/device-7/readings");
  }

  /** A PUBLISH refused by a USER DENY with a wildcard, over a USER ALLOW that matches too. */
  @Benchmark
  public AuthorizationResult publishDenied() {
    return index.decide(Action.PUBLISH, USERNAME, CLIENT_ID, "site/42/meters/device-7/config");
  }

  /** A SUBSCRIBE covered by a single-level wildcard ALLOW. */
  @Benchmark
  public AuthorizationResult subscribeAllowed() {
    return index.decide(Action.SUBSCRIBE, USERNAME, CLIENT_ID, "site/42/alerts/+");
  }

  /** A SUBSCRIBE to a multi-level filter that a narrower CLIENT DENY shares a topic with. */
  @Benchmark
  public AuthorizationResult subscribeDenied() {
    return index.decide(Action.SUBSCRIBE, USERNAME, CLIENT_ID, "site/42/meters/device-7/#");
  }

  /** The checked client's six rules; returns how many. */
  static int addOwnRules(PermissionIndex index) {
    add(index, IdentityType.USER, USERNAME, "site/42/meters/#", PermitAction.PUB_SUB, Effect.ALLOW);
    add(index, IdentityType.USER, USERNAME, "site/42/meters/+/config", PermitAction.PUB, Effect.DENY);
    add(index, IdentityType.USER, USERNAME, "site/42/alerts/+", PermitAction.SUB, Effect.ALLOW);
    add(index, IdentityType.USER, USERNAME, "site/42/status", PermitAction.PUB, Effect.ALLOW);
    add(index, IdentityType.CLIENT, CLIENT_ID, "site/42/meters/device-7/#", PermitAction.PUB_SUB, Effect.ALLOW);
    add(index, IdentityType.CLIENT, CLIENT_ID, "site/42/meters/device-7/secret", PermitAction.SUB, Effect.DENY);
    return 6;
  }

  /** {@code count} rules of other identities, five per identity, alternating usernames and client ids. */
  static void addCrowd(PermissionIndex index, int count) {
    PermitAction[] actions = PermitAction.values();
    for (int i = 0; i < count; i++) {
      int identity = i / 5;
      int shape = i % 5;
      IdentityType type = identity % 2 == 0 ? IdentityType.USER : IdentityType.CLIENT;
      String name = type == IdentityType.USER ? "user-" + identity : "GID_crowd@@@" + identity;
      int site = identity % 1000;
      String topic = switch (shape) {
        case 0 -> "site/" + site + "/meters/#";
        case 1 -> "site/" + site + "/meters/+/config";
        case 2 -> "site/" + site + "/alerts/" + identity;
        case 3 -> "fleet/" + identity + "/+/cmd";
        default -> "+/status/" + identity;
      };
      Effect effect = shape == 1 ? Effect.DENY : Effect.ALLOW;
      add(index, type, name, topic, actions[identity % actions.length], effect);
    }
  }

  private static void add(PermissionIndex index, IdentityType type, String identity, String topic,
      PermitAction action, Effect effect) {
    index.put(CustomAuthPermission.of(type, identity, topic, action, effect));
  }

  private static void expect(AuthorizationResult expected, AuthorizationResult actual) {
    if (expected != actual) {
      throw new IllegalStateException("expected " + expected + " but the index answered " + actual);
    }
  }
}
