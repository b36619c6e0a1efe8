package io.mqttbroker.auth.devicecredential;

import io.mqttbroker.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * JDBC access to {@code device_credential} (migration {@code db/auth-device-credential}). Every method is one
 * transaction; a database outage surfaces as {@link io.mqttbroker.store.StoreUnavailableException}. Blocking.
 */
public final class DeviceCredentialStore {
  /** The module name under which the migrations live ({@code classpath:db/auth-device-credential}). */
  public static final String MODULE = "auth-device-credential";

  private static final String COLUMNS =
      "client_id, device_access_key_id, device_access_key_secret, create_time, update_time";

  private final Database database;

  public DeviceCredentialStore(Database database) {
    this.database = database;
  }

  /** Creates or updates this module's tables. */
  public void migrate() {
    database.migrate(MODULE);
  }

  /** What {@link #register} did. */
  record Registered(StoredCredential credential, boolean created) {}

  /** What {@link #replaceKey} did. */
  record Replaced(String oldKeyId, StoredCredential credential) {}

  /** One page of client ids and the number of all matching rows. */
  record ClientIdRows(List<String> clientIds, long total) {}

  Optional<StoredCredential> findByClientId(String clientId) {
    return database.inTransaction(c -> selectOne(c, "SELECT " + COLUMNS + " FROM device_credential WHERE client_id = ?",
        clientId));
  }

  Optional<StoredCredential> findByKeyId(String keyId) {
    return database.inTransaction(c -> selectOne(c,
        "SELECT " + COLUMNS + " FROM device_credential WHERE device_access_key_id = ?", keyId));
  }

  /**
   * Returns the existing credential of the client id, or inserts {@code fresh} when the quota allows. The quota row is
   * locked first, so the check and the insert are atomic against every other register and unregister.
   *
   * @throws DeviceCredentialException {@code DeviceCredentialNumExceed} when {@code quota} credentials exist
   */
  Registered register(String clientId, Optional<String> group, long quota, Supplier<StoredCredential> fresh) {
    return database.inTransaction(c -> {
      long used = lockQuota(c);
      Optional<StoredCredential> existing = selectOne(c,
          "SELECT " + COLUMNS + " FROM device_credential WHERE client_id = ?", clientId);
      if (existing.isPresent()) {
        return new Registered(existing.get(), false);
      }
      if (used >= quota) {
        throw DeviceCredentialException.numExceed();
      }
      StoredCredential created = fresh.get();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO device_credential (client_id, group_id, "
          + "device_access_key_id, device_access_key_secret, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, created.clientId());
        ps.setString(2, group.orElse(null));
        ps.setString(3, created.keyId());
        ps.setString(4, created.sealedSecret());
        ps.setLong(5, created.createTime());
        ps.setLong(6, created.updateTime());
        ps.executeUpdate();
      }
      adjustQuota(c, 1);
      return new Registered(created, true);
    });
  }

  /** Gives the client id's credential a new key; empty when it has none. */
  Optional<Replaced> replaceKey(String clientId, String newKeyId, String newSealedSecret, long now) {
    return database.inTransaction(c -> {
      Optional<StoredCredential> old = selectOne(c,
          "SELECT " + COLUMNS + " FROM device_credential WHERE client_id = ? FOR UPDATE", clientId);
      if (old.isEmpty()) {
        return Optional.empty();
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE device_credential SET device_access_key_id = ?, "
          + "device_access_key_secret = ?, update_time = ? WHERE client_id = ?")) {
        ps.setString(1, newKeyId);
        ps.setString(2, newSealedSecret);
        ps.setLong(3, now);
        ps.setString(4, clientId);
        ps.executeUpdate();
      }
      StoredCredential before = old.get();
      return Optional.of(new Replaced(before.keyId(),
          new StoredCredential(clientId, newKeyId, newSealedSecret, before.createTime(), now)));
    });
  }

  /** Deletes the client id's credential and frees its place in the quota; returns what was deleted. */
  Optional<StoredCredential> delete(String clientId) {
    return database.inTransaction(c -> {
      lockQuota(c);
      Optional<StoredCredential> existing = selectOne(c,
          "SELECT " + COLUMNS + " FROM device_credential WHERE client_id = ?", clientId);
      if (existing.isEmpty()) {
        return Optional.empty();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM device_credential WHERE client_id = ?")) {
        ps.setString(1, clientId);
        ps.executeUpdate();
      }
      adjustQuota(c, -1);
      return existing;
    });
  }

  /**
   * Up to {@code limit} client ids after {@code after} (exclusive) in ascending order, of one group or of all, and
   * the number of all rows of that filter.
   */
  ClientIdRows listClientIds(Optional<String> group, Optional<String> after, int limit) {
    return database.inTransaction(c -> {
      StringBuilder where = new StringBuilder(" WHERE 1 = 1");
      List<String> args = new ArrayList<>();
      group.ifPresent(g -> {
        where.append(" AND group_id = ?");
        args.add(g);
      });
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM device_credential" + where)) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      after.ifPresent(a -> {
        where.append(" AND client_id > ?");
        args.add(a);
      });
      List<String> ids = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT client_id FROM device_credential" + where + " ORDER BY client_id LIMIT " + limit)) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
      return new ClientIdRows(ids, total);
    });
  }

  /** Locks the quota row until the transaction ends and returns the number of credentials. */
  private static long lockQuota(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT used FROM device_credential_quota WHERE id = 1 FOR UPDATE");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("device_credential_quota has no row: the migration did not run");
      }
      return rs.getLong(1);
    }
  }

  private static void adjustQuota(Connection c, int delta) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE device_credential_quota SET used = used + ? WHERE id = 1")) {
      ps.setInt(1, delta);
      ps.executeUpdate();
    }
  }

  private static Optional<StoredCredential> selectOne(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new StoredCredential(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
            rs.getLong(5)));
      }
    }
  }

  private static void bind(PreparedStatement ps, List<String> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setString(i + 1, args.get(i));
    }
  }
}
