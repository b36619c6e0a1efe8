package io.mqttbroker.server.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.Revocation.RevocationAction;
import io.mqttbroker.core.security.revocation.Revocation.SystemMessage;
import io.mqttbroker.server.testing.PostgresServer;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.StoreSettings;
import io.mqttbroker.store.relay.RelayedRevocationBus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The revocation relay on a real PostgreSQL server: what one node publishes reaches the nodes of the same store once,
 * whole, and never comes back; nodes of another schema do not hear it; a listening connection cut by a server restart
 * comes back by itself; what was sent while a node could not listen reaches it when it listens again, once, and a node
 * that starts later is not handed the history.
 */
@ExtendWith(PostgresServer.Fixture.class)
class RevocationRelayPostgresTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final PostgresServer postgres;
  private final List<AutoCloseable> opened = new ArrayList<>();
  @TempDir Path dir;

  RevocationRelayPostgresTest(PostgresServer postgres) {
    this.postgres = postgres;
  }

  /** One broker node's part of it: its pool, its relayed bus and what its subscribers heard. */
  private record Node(RelayedRevocationBus bus, List<Revocation> heard) {
    List<String> keys() {
      return heard.stream().map(Revocation::key).toList();
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @Test
  void aRevocationReachesTheOtherNodeOnceAndWholeAndNeverComesBack() throws Exception {
    StoreSettings store = store(postgres.freshStore());
    Node a = node(store);
    Node b = node(store);
    byte[] notice = "{\"code\":3,\"type\":\"RW\"}".getBytes(StandardCharsets.UTF_8);
    Revocation first = new Revocation("token:0123abcd", RevocationAction.CLOSE,
        Optional.of(new SystemMessage("$SYS/tokenInvalidNotice", notice)), "token revoked");

    a.bus().publish(first);
    assertEquals(List.of("token:0123abcd"), a.keys(), "heard on the publishing node at once");
    await().atMost(WAIT).until(() -> b.heard().size() == 1);
    Revocation got = b.heard().get(0);
    assertEquals(first.key(), got.key());
    assertEquals(first.action(), got.action());
    assertEquals(first.reason(), got.reason());
    assertEquals("$SYS/tokenInvalidNotice", got.notice().orElseThrow().topic());
    assertArrayEquals(notice, got.notice().orElseThrow().payload());

    b.bus().publish(Revocation.recheck("customUser:alice", "custom auth permission changed"));
    await().atMost(WAIT).until(() -> a.heard().size() >= 2);
    // PostgreSQL delivers in commit order: had A heard its own NOTIFY, or had B sent the first one on again, A would
    // have heard it again before the second.
    assertEquals(List.of("token:0123abcd", "customUser:alice"), a.keys());
    assertEquals(RevocationAction.RECHECK, a.heard().get(1).action());
    assertEquals(List.of("token:0123abcd", "customUser:alice"), b.keys());
  }

  @Test
  void nodesOfAnotherSchemaDoNotHearIt() throws Exception {
    StoreSettings shared = store(postgres.freshStore());
    StoreSettings elsewhere = store(postgres.freshStore());
    Node a = node(shared);
    Node b = node(shared);
    Node c = node(elsewhere);
    Node d = node(elsewhere);

    a.bus().publish(Revocation.close("accessKey:AKSHARED", "access key deleted"));
    await().atMost(WAIT).until(() -> b.heard().size() == 1);
    c.bus().publish(Revocation.close("accessKey:AKELSEWHERE", "access key deleted"));
    await().atMost(WAIT).until(() -> d.heard().size() == 1);

    // A's NOTIFY committed before C's: on a shared channel D would have heard it first.
    assertEquals(List.of("accessKey:AKELSEWHERE"), d.keys());
    assertEquals(List.of("accessKey:AKSHARED"), b.keys());
  }

  @Test
  void aNoticeTooLargeForPostgresIsLeftBehindButTheRevocationArrives() throws Exception {
    StoreSettings store = store(postgres.freshStore());
    Node a = node(store);
    Node b = node(store);

    a.bus().publish(new Revocation("deviceKey:DKLARGE", RevocationAction.CLOSE,
        Optional.of(new SystemMessage("$SYS/notice", new byte[9000])), "device credential refreshed"));

    assertTrue(a.heard().get(0).notice().isPresent(), "this node's own clients still get it");
    await().atMost(WAIT).until(() -> b.heard().size() == 1);
    assertEquals("deviceKey:DKLARGE", b.heard().get(0).key());
    assertTrue(b.heard().get(0).notice().isEmpty());
  }

  @Test
  void theListeningConnectionComesBackAfterTheServerRestarts() throws Exception {
    assumeTrue(postgres.isLocal(), "MQTT_TEST_POSTGRES_URL names a server these tests cannot stop");
    StoreSettings store = store(postgres.freshStore());
    Node a = node(store);
    Node b = node(store);

    postgres.stop();
    try {
      await().atMost(WAIT).until(() -> !b.bus().isListening());
      // With the store down, this node still acts at once; the other one may or may not get it later.
      a.bus().publish(Revocation.close("clientId:during-outage", "client id blacklisted"));
      assertEquals(List.of("clientId:during-outage"), a.keys());
    } finally {
      postgres.startAgain();
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> a.bus().isListening() && b.bus().isListening());

    a.bus().publish(Revocation.close("clientId:after-restart", "client id blacklisted"));
    await().atMost(WAIT).until(() -> b.keys().contains("clientId:after-restart"));
    // A's send of the first one waited for the server; B heard it live or from the log, once either way.
    await().atMost(WAIT).until(() -> b.keys().contains("clientId:during-outage"));
    assertEquals(1, b.keys().stream().filter("clientId:during-outage"::equals).count());
  }

  @Test
  void whatWasSentWhileANodeCouldNotListenReachesItOnceWhenItListensAgain() throws Exception {
    assumeTrue(postgres.isLocal(), "MQTT_TEST_POSTGRES_URL names a server whose connections these tests cannot bar");
    StoreSettings store = store(postgres.freshStore());
    Node a = node(store);
    Node b = node(store);
    a.bus().publish(Revocation.close("token:before", "token revoked"));
    await().atMost(WAIT).until(() -> b.keys().contains("token:before"));

    try (Connection storeConnection = DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password());
        Statement inStore = storeConnection.createStatement()) {
      String database = scalar(inStore, "SELECT current_database()");
      // PostgreSQL bars connections to a database only from another one.
      String elsewhere = database.equals("template1") ? "postgres" : "template1";
      try (Connection adminConnection = DriverManager.getConnection(
              store.jdbcUrl().replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + elsewhere),
              store.user(), store.password());
          Statement admin = adminConnection.createStatement()) {
        // No new connection until the end of the try: the listening connections cut below cannot come back, while
        // A's pool keeps the connections it has and still sends.
        admin.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false");
        try {
          admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE application_name = 'mqtt-broker revocation relay' AND datname = '" + database + "'");
          await().atMost(WAIT).until(() -> !a.bus().isListening() && !b.bus().isListening());
          a.bus().publish(Revocation.close("accessKey:AKDEAF", "access key deleted"));
          // Committed by A's sender while B cannot listen: B gets no notification of it, only the log has it.
          await().atMost(WAIT).until(() -> scalar(inStore, "SELECT count(*) FROM revocation_log").equals("2"));
        } finally {
          admin.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
        }
      }
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> b.keys().contains("accessKey:AKDEAF"));
    assertTrue(b.bus().isListening());
    // Read back from the log with the first one, which B had already heard live: handed on once each, in order.
    assertEquals(List.of("token:before", "accessKey:AKDEAF"), b.keys());
    assertEquals(List.of("token:before", "accessKey:AKDEAF"), a.keys(), "nor does A hear its own from the log");

    Node later = node(store);
    a.bus().publish(Revocation.close("token:after", "token revoked"));
    await().atMost(WAIT).until(() -> later.keys().contains("token:after"));
    assertEquals(List.of("token:after"), later.keys(), "a node that starts later is not handed the history");
    await().atMost(WAIT).until(() -> b.keys().size() == 3);
  }

  private static String scalar(Statement sql, String query) throws SQLException {
    try (ResultSet rs = sql.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private Node node(StoreSettings store) throws InterruptedException {
    Database database = Database.open(store);
    opened.add(database);
    RelayedRevocationBus bus = RelayedRevocationBus.start(new InMemoryRevocationBus(), database, store);
    opened.add(bus);
    List<Revocation> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(heard::add);
    assertTrue(bus.awaitListening(WAIT), "the relay listens");
    return new Node(bus, heard);
  }

  private StoreSettings store(Map<String, String> settings) {
    return new StoreSettings(dir, settings.get("mqtt.store.jdbc-url"), settings.get("mqtt.store.user"),
        settings.get("mqtt.store.password"), 2, Duration.ofSeconds(2));
  }
}
