package io.mqttbroker.store.relay;

import io.mqttbroker.store.Database;
import io.mqttbroker.store.StoreSettings;
import io.mqttbroker.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL {@code LISTEN}/{@code NOTIFY} channel shared by every node of one credential store. Listening uses one
 * dedicated connection (outside the pool: {@code LISTEN} is session state) and one thread that waits in
 * {@link PGConnection#getNotifications(int)}, and reconnects with backoff when the connection drops. Sending goes
 * through the pool on one thread of its own, in order, so that a caller (possibly an event loop) never waits for the
 * database; a send retries while the store is unavailable, up to {@link #SEND_DEADLINE}.
 *
 * <p>The channel is named after the database and schema the connection lands in ({@code current_schema()}), computed
 * by the server in the same way for both sides: nodes that share the credential tables share the channel, and two
 * brokers on separate schemas of one database do not hear each other.
 *
 * <p>Each payload is also written to the relay log ({@code revocation_log}) in the transaction that sends it, and its
 * notification carries the row's sequence number ({@code <seq>:<payload>}). When a lost listening connection is back,
 * the node reads the entries it has not seen from the log before it counts as listening again ({@link RelayCursor}), so
 * what was sent while it was deaf is handed on late rather than never. The log keeps {@link #RETENTION}; the sending
 * nodes delete older entries.
 */
final class PostgresChannel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresChannel.class);
  private static final String CHANNEL = "'mqtt_revocations_' || substr(md5(current_database() || '/' || "
      + "coalesce(current_schema(), '')), 1, 16)";
  /** How long one wait for notifications lasts: bounds how long {@link #close()} waits for the listening thread. */
  private static final int POLL_MILLIS = 250;
  /** A silent connection is checked this often, so that a half-open one (no reset ever received) is noticed. */
  private static final Duration IDLE_CHECK = Duration.ofSeconds(30);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  static final Duration SEND_DEADLINE = Duration.ofSeconds(60);
  private static final int SEND_QUEUE = 10_000;
  /** How long the relay log keeps an entry: a node deaf for longer than this may miss revocations (it says so). */
  static final Duration RETENTION = Duration.ofDays(1);
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

  private final Database database;
  private final StoreSettings settings;
  private final Consumer<String> receiver;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread listener;
  private final ThreadPoolExecutor sender;
  private final Object listeningChanged = new Object();
  private boolean listening;
  /** The listening thread's: which log entries were handed on. */
  private final RelayCursor cursor = new RelayCursor();
  /** The listening thread's: when the listening connection was last lost (System.nanoTime), 0 while never lost. */
  private long lostAt;
  /** The sending thread's: when it last deleted expired log entries (System.nanoTime), 0 before the first time. */
  private long prunedAt;

  /**
   * @param receiver called with each payload received (its own included), on the listening thread; it may block that
   *     thread only briefly
   */
  PostgresChannel(Database database, StoreSettings settings, Consumer<String> receiver) {
    this.database = database;
    this.settings = settings;
    this.receiver = receiver;
    this.listener = new Thread(this::listenUntilClosed, "revocation-relay-listen");
    listener.setDaemon(true);
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(SEND_QUEUE), r -> {
      Thread t = new Thread(r, "revocation-relay-notify");
      t.setDaemon(true);
      return t;
    }, (task, executor) -> LOG.warn("revocation relay: {} notifications waiting to be sent; this one is dropped and "
        + "other nodes act on it only when their caches expire", SEND_QUEUE));
  }

  void start() {
    listener.start();
  }

  /** Queues {@code payload} for every listening node; returns at once. */
  void send(String payload) {
    if (closed.getCount() == 0) {
      return;
    }
    long queuedAt = System.nanoTime();
    sender.execute(() -> deliver(payload, queuedAt));
  }

  /** Whether the listening connection is up and listening now. */
  boolean isListening() {
    synchronized (listeningChanged) {
      return listening;
    }
  }

  /** Waits until the channel is listening, at most {@code timeout}; returns whether it is. */
  boolean awaitListening(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (listeningChanged) {
      long left;
      while (!listening && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(listeningChanged, left);
      }
      return listening;
    }
  }

  private void deliver(String payload, long queuedAt) {
    Duration backoff = MIN_BACKOFF;
    while (true) {
      try {
        database.inTransaction(c -> {
          long seq = log(c, payload);
          try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(" + CHANNEL + ", ?)")) {
            ps.setString(1, seq + ":" + payload);
            ps.execute();
          }
          pruneWhenDue(c);
          return null;
        });
        return;
      } catch (StoreUnavailableException e) {
        if (System.nanoTime() - queuedAt > SEND_DEADLINE.toNanos() || waitClosed(backoff)) {
          LOG.warn("revocation relay: store unavailable, a revocation was not sent to the other nodes (they act on "
              + "it when their caches expire)");
          return;
        }
        backoff = next(backoff);
      } catch (RuntimeException e) {
        // Not a connection problem (the server refused this payload): retrying would not help.
        LOG.warn("revocation relay: a revocation could not be sent to the other nodes", e);
        return;
      }
    }
  }

  private static long log(Connection c, String payload) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO revocation_log (payload) VALUES (?) RETURNING seq")) {
      ps.setString(1, payload);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void pruneWhenDue(Connection c) throws SQLException {
    long now = System.nanoTime();
    if (prunedAt != 0 && now - prunedAt < PRUNE_EVERY.toNanos()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM revocation_log WHERE sent_at < CURRENT_TIMESTAMP - ? * INTERVAL '1 second'")) {
      ps.setLong(1, RETENTION.toSeconds());
      ps.executeUpdate();
    }
    prunedAt = now;
  }

  private void listenUntilClosed() {
    Duration backoff = MIN_BACKOFF;
    while (closed.getCount() > 0) {
      try (Connection connection = connect()) {
        String channel = listen(connection);
        catchUp(connection);
        setListening(true);
        LOG.info("revocation relay: listening on {}", channel);
        backoff = MIN_BACKOFF;
        receiveUntilBrokenOrClosed(connection);
      } catch (SQLException | RuntimeException e) {
        if (closed.getCount() > 0) {
          LOG.warn("revocation relay: listening connection lost or refused ({}); retrying in {} ms", e.getMessage(),
              backoff.toMillis());
        }
      } finally {
        if (isListening()) {
          lostAt = System.nanoTime();
        }
        setListening(false);
      }
      if (waitClosed(backoff)) {
        return;
      }
      backoff = next(backoff);
    }
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", settings.user());
    properties.setProperty("password", settings.password());
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("connectTimeout", Long.toString(Math.max(1, settings.connectTimeout().toSeconds())));
    properties.setProperty("ApplicationName", "mqtt-broker revocation relay");
    Connection connection = new org.postgresql.Driver().connect(settings.jdbcUrl(), properties);
    if (connection == null) {
      throw new SQLException("not a PostgreSQL JDBC URL: " + settings.jdbcUrl());
    }
    connection.setAutoCommit(true);
    return connection;
  }

  private static String listen(Connection connection) throws SQLException {
    String channel;
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT " + CHANNEL)) {
      rs.next();
      channel = rs.getString(1);
    }
    try (Statement s = connection.createStatement()) {
      // The name is made of [a-z0-9_] by the query above; quoted all the same.
      s.execute("LISTEN \"" + channel + "\"");
    }
    return channel;
  }

  /**
   * After {@code LISTEN}, so that nothing committed from now on is missed: the first time, notes where the log stands
   * (what is in it is history); after a lost connection, hands on what was logged meanwhile.
   */
  private void catchUp(Connection connection) throws SQLException {
    if (!cursor.started()) {
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM revocation_log")) {
        rs.next();
        cursor.start(rs.getLong(1));
      }
      return;
    }
    int replayed = 0;
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT seq, payload FROM revocation_log WHERE seq > ? ORDER BY seq")) {
      ps.setLong(1, cursor.replayAfter());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (cursor.firstSight(rs.getLong(1))) {
            deliverLocally(rs.getString(2));
            replayed++;
          }
        }
      }
    }
    Duration deaf = Duration.ofNanos(System.nanoTime() - lostAt);
    if (deaf.compareTo(RETENTION) > 0) {
      LOG.warn("revocation relay: this node could not listen for {} min, longer than the relay log keeps revocations "
          + "({} h); older ones were not replayed and act here only when the caches expire", deaf.toMinutes(),
          RETENTION.toHours());
    }
    if (replayed > 0) {
      LOG.info("revocation relay: {} revocations sent while this node could not listen were replayed", replayed);
    }
  }

  private void receiveUntilBrokenOrClosed(Connection connection) throws SQLException {
    PGConnection pg = connection.unwrap(PGConnection.class);
    long lastHeard = System.nanoTime();
    while (closed.getCount() > 0) {
      PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
      if (notifications != null && notifications.length > 0) {
        lastHeard = System.nanoTime();
        for (PGNotification n : notifications) {
          receive(n.getParameter());
        }
      } else if (System.nanoTime() - lastHeard > IDLE_CHECK.toNanos()) {
        if (!connection.isValid((int) Math.max(1, settings.connectTimeout().toSeconds()))) {
          throw new SQLException("listening connection no longer answers");
        }
        lastHeard = System.nanoTime();
      }
    }
  }

  /** A notification: {@code <seq>:<payload>}, or a bare payload from a node of a version without the log. */
  private void receive(String notification) {
    int colon = notification.indexOf(':');
    if (colon > 0 && colon <= 19 && notification.chars().limit(colon).allMatch(Character::isDigit)) {
      if (cursor.firstSight(Long.parseLong(notification, 0, colon, 10))) {
        deliverLocally(notification.substring(colon + 1));
      }
    } else {
      deliverLocally(notification);
    }
  }

  private void deliverLocally(String payload) {
    try {
      receiver.accept(payload);
    } catch (RuntimeException e) {
      LOG.warn("revocation relay: a received revocation could not be handled", e);
    }
  }

  private void setListening(boolean now) {
    synchronized (listeningChanged) {
      listening = now;
      listeningChanged.notifyAll();
    }
  }

  /** Waits {@code delay} unless the channel is closed first; returns whether it was closed. */
  private boolean waitClosed(Duration delay) {
    try {
      return closed.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private static Duration next(Duration backoff) {
    Duration doubled = backoff.multipliedBy(2);
    return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
  }

  /**
   * Stops listening and gives queued notifications a moment to go out (a revocation made just before a shutdown
   * should still reach the other nodes). Call it before the {@link Database} closes.
   */
  @Override
  public void close() {
    // Closed first: queued notifications get one attempt each, none waits for a store that is down.
    closed.countDown();
    sender.shutdown();
    try {
      if (!sender.awaitTermination(2, TimeUnit.SECONDS)) {
        LOG.warn("revocation relay: notifications still queued at shutdown were not sent");
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      listener.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
