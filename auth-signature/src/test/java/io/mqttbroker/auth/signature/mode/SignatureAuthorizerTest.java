package io.mqttbroker.auth.signature.mode;

import static io.mqttbroker.core.security.spi.Action.PUBLISH;
import static io.mqttbroker.core.security.spi.Action.SUBSCRIBE;
import static io.mqttbroker.core.security.spi.AuthorizationResult.ALLOW;
import static io.mqttbroker.core.security.spi.AuthorizationResult.DENY;
import static io.mqttbroker.core.security.spi.AuthorizationResult.NO_MATCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.auth.signature.AccessKey;
import io.mqttbroker.auth.signature.AccessKeyService;
import io.mqttbroker.auth.signature.PolicyStatement;
import io.mqttbroker.auth.signature.StoreFixture;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthenticationResult.Allow;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.Principal;
import io.mqttbroker.core.security.spi.Signatures;
import io.mqttbroker.core.testing.PassiveClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureAuthorizerTest {
  private static final String INSTANCE = "mqtt-local";

  @TempDir Path dir;
  private StoreFixture store;
  private AccessKeyService keys;
  private final Queue<Runnable> blockingTasks = new ArrayDeque<>();
  private final Executor blockingExecutor = blockingTasks::add;
  private SignatureAuthorizer authorizer;

  @BeforeEach
  void open() {
    store = new StoreFixture(dir);
    keys = store.service();
    authorizer = new SignatureAuthorizer(keys, blockingExecutor);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void principalsOfOtherModesAreNoMatch() {
    PassiveClient tokenClient = new PassiveClient("c1", "Token|AK1|" + INSTANCE, Principal.of("token", "AK1", Set.of()));
    assertEquals(NO_MATCH, judge(tokenClient, PUBLISH, "a/b"));
  }

  @Test
  void theOwnerMayDoEverything() {
    AccessKey owner = keys.bootstrapOwner("owner", "owner-secret-0123456789");
    PassiveClient client = connect(owner, "GID_a@@@d1");
    assertEquals(ALLOW, judge(client, PUBLISH, "any/topic"));
    assertEquals(ALLOW, judge(client, SUBSCRIBE, "#"));
  }

  @Test
  void noStatementIsDeny() {
    PassiveClient client = connect(keys.create("", List.of()), "GID_a@@@d1");
    assertEquals(DENY, judge(client, PUBLISH, "a/b"));
    assertEquals(DENY, judge(client, SUBSCRIBE, "a/b"));
  }

  @Test
  void topicStatementsAllowOnlyTheirActions() {
    PassiveClient client = connect(keys.create("", List.of(allow(List.of("mq:SUB"), "topic/a/+"))), "d1");
    assertEquals(ALLOW, judge(client, SUBSCRIBE, "a/b"));
    assertEquals(DENY, judge(client, PUBLISH, "a/b"));
  }

  @Test
  void publishIsJudgedByMatchAndSubscribeByCoverage() {
    PassiveClient client = connect(keys.create("", List.of(
        allow(List.of("mq:PUB", "mq:SUB"), "topic/a/+"),
        allow(List.of("mq:SUB"), "topic/b/#"))), "d1");
    assertEquals(ALLOW, judge(client, PUBLISH, "a/x"));
    assertEquals(DENY, judge(client, PUBLISH, "a/x/y"));
    assertEquals(ALLOW, judge(client, SUBSCRIBE, "a/+"));
    assertEquals(DENY, judge(client, SUBSCRIBE, "a/#"), "a/+ does not cover a/#");
    assertEquals(ALLOW, judge(client, SUBSCRIBE, "b/+/c"));
    assertEquals(ALLOW, judge(client, SUBSCRIBE, "b"));
    assertEquals(DENY, judge(client, SUBSCRIBE, "#"));
  }

  @Test
  void denyWins() {
    PassiveClient client = connect(keys.create("", List.of(
        allow(List.of("mq:PUB", "mq:SUB"), "topic/a/#"),
        new PolicyStatement("Deny", List.of("mq:PUB", "mq:SUB"), List.of("topic/a/secret")))), "d1");
    assertEquals(ALLOW, judge(client, PUBLISH, "a/open"));
    assertEquals(DENY, judge(client, PUBLISH, "a/secret"));
    assertEquals(ALLOW, judge(client, SUBSCRIBE, "a/open"));
    assertEquals(DENY, judge(client, SUBSCRIBE, "a/secret"));
    assertEquals(DENY, judge(client, SUBSCRIBE, "a/#"), "a/# would deliver a/secret");
    assertEquals(DENY, judge(client, SUBSCRIBE, "a/+"), "a/+ would deliver a/secret");
  }

  @Test
  void topicStatementsApplyAtOnceGroupVerdictsAtTheNextConnect() {
    AccessKey key = keys.create("", List.of(allow(List.of("mq:PUB", "mq:SUB"), "topic/#")));
    PassiveClient client = connect(key, "GID_a@@@d1");
    assertEquals(ALLOW, judge(client, PUBLISH, "t"));

    keys.setPolicies(key.accessKeyId(), List.of(
        allow(List.of("mq:PUB", "mq:SUB"), "topic/#"),
        new PolicyStatement("Deny", List.of("mq:PUB"), List.of("group/GID_a"))));
    assertEquals(ALLOW, judge(client, PUBLISH, "t"), "the group verdict was frozen at connect");

    PassiveClient reconnected = connect(key, "GID_a@@@d1");
    assertEquals(DENY, judge(reconnected, PUBLISH, "t"));
    assertEquals(ALLOW, judge(reconnected, SUBSCRIBE, "t"), "only mq:PUB was denied to the group");
    assertEquals(ALLOW, judge(connect(key, "GID_b@@@d1"), PUBLISH, "t"), "other groups are not affected");

    keys.setPolicies(key.accessKeyId(), List.of(allow(List.of("mq:SUB"), "topic/#")));
    assertEquals(DENY, judge(client, PUBLISH, "t"), "topic statements are read at every PUBLISH");
  }

  @Test
  void groupAllowStatementsScopeTheKeyButGrantNoTopic() {
    AccessKey groupOnly = keys.create("", List.of(allow(List.of("mq:PUB"), "group/GID_a")));
    assertEquals(DENY, judge(connect(groupOnly, "GID_a@@@d1"), PUBLISH, "t"), "a group grants no topic");

    AccessKey scoped = keys.create("", List.of(
        allow(List.of("mq:PUB"), "group/GID_a"),
        allow(List.of("mq:PUB", "mq:SUB"), "topic/#")));
    assertEquals(ALLOW, judge(connect(scoped, "GID_a@@@d1"), PUBLISH, "t"));
    assertEquals(DENY, judge(connect(scoped, "GID_b@@@d1"), PUBLISH, "t"), "the key serves GID_a only");
    assertEquals(DENY, judge(connect(scoped, "no-group"), PUBLISH, "t"), "nor clients without a group");
    assertEquals(ALLOW, judge(connect(scoped, "GID_b@@@d1"), SUBSCRIBE, "t"), "mq:SUB is not scoped");
  }

  @Test
  void aCacheMissIsAnsweredLaterOnTheBlockingExecutor() {
    AccessKey key = keys.create("", List.of(allow(List.of("mq:PUB"), "topic/a")));
    PassiveClient client = connect(key, "d1");
    SignatureAuthorizer onColdCache = new SignatureAuthorizer(store.newService(), blockingExecutor);

    CompletableFuture<AuthorizationResult> pending = onColdCache.authorize(
        new AuthorizationRequest(client, PUBLISH, "a", 1)).toCompletableFuture();
    assertFalse(pending.isDone(), "nothing blocks the caller");
    assertEquals(1, blockingTasks.size());
    blockingTasks.poll().run();
    assertEquals(ALLOW, pending.join());

    assertTrue(onColdCache.authorize(new AuthorizationRequest(client, PUBLISH, "a", 1)).toCompletableFuture()
        .isDone(), "the next answer comes from memory");
    assertTrue(blockingTasks.isEmpty());
  }

  @Test
  void aDeletedKeyAllowsNothing() {
    AccessKey key = keys.create("", List.of(allow(List.of("mq:PUB"), "topic/a")));
    PassiveClient client = connect(key, "d1");
    keys.delete(key.accessKeyId());
    CompletableFuture<AuthorizationResult> answer =
        authorizer.authorize(new AuthorizationRequest(client, PUBLISH, "a", 0)).toCompletableFuture();
    while (!blockingTasks.isEmpty()) {
      blockingTasks.poll().run();
    }
    assertEquals(DENY, answer.join());
  }

  /** Connects through the real authenticator, as the broker would. */
  private PassiveClient connect(AccessKey key, String clientId) {
    String password = Signatures.hmacSha1Base64(key.accessKeySecret(), clientId);
    ConnectRequest request = new ConnectRequest(clientId,
        Optional.of("Signature|" + key.accessKeyId() + "|" + INSTANCE),
        Optional.of(password.getBytes(StandardCharsets.UTF_8)), 5, new InetSocketAddress("127.0.0.1", 50000),
        Optional.empty());
    Allow allow = assertInstanceOf(Allow.class,
        new SignatureAuthenticator(keys, INSTANCE).authenticate(request).toCompletableFuture().join());
    return new PassiveClient(clientId, request.username().orElseThrow(), allow.principal());
  }

  /** Judges one request that must be answered from memory. */
  private AuthorizationResult judge(PassiveClient client, Action action, String topic) {
    CompletableFuture<AuthorizationResult> answer =
        authorizer.authorize(new AuthorizationRequest(client, action, topic, 1)).toCompletableFuture();
    assertTrue(answer.isDone(), "answered from memory");
    return answer.join();
  }

  private static PolicyStatement allow(List<String> actions, String resource) {
    return new PolicyStatement("Allow", actions, List.of(resource));
  }
}
