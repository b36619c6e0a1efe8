package io.mqttbroker.auth.custom.identity;

import io.mqttbroker.auth.custom.IdentityType;
import io.mqttbroker.auth.custom.Where;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JDBC access to {@code custom_auth_identity}; every method runs in the caller's transaction. */
final class IdentityStore {
  private static final String COLUMNS =
      "username, identity_type, client_id, secret_sealed, sign_mode, create_time, update_time";

  void insert(Connection c, StoredIdentity identity) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO custom_auth_identity (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, identity.key().username());
      ps.setString(2, identity.key().type().name());
      ps.setString(3, identity.key().clientId());
      ps.setString(4, identity.sealedSecret());
      ps.setString(5, identity.signMode().name());
      ps.setLong(6, identity.createTime());
      ps.setLong(7, identity.updateTime());
      ps.executeUpdate();
    }
  }

  /** Returns whether the row existed. */
  boolean update(Connection c, IdentityKey key, String sealedSecret, SignMode signMode, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE custom_auth_identity SET secret_sealed = ?, sign_mode = ?,"
        + " update_time = ? WHERE username = ? AND identity_type = ? AND client_id = ?")) {
      ps.setString(1, sealedSecret);
      ps.setString(2, signMode.name());
      ps.setLong(3, now);
      bindKey(ps, 4, key);
      return ps.executeUpdate() == 1;
    }
  }

  /** Returns whether the row existed. */
  boolean delete(Connection c, IdentityKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM custom_auth_identity WHERE username = ? AND identity_type = ? AND client_id = ?")) {
      bindKey(ps, 1, key);
      return ps.executeUpdate() == 1;
    }
  }

  Optional<StoredIdentity> find(Connection c, IdentityKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
        + " FROM custom_auth_identity WHERE username = ? AND identity_type = ? AND client_id = ?")) {
      bindKey(ps, 1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /** Every username with at least one CLIENT identity. */
  List<String> clientBoundUsernames(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT DISTINCT username FROM custom_auth_identity WHERE identity_type = ?")) {
      ps.setString(1, IdentityType.CLIENT.name());
      List<String> names = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      return names;
    }
  }

  /** Up to {@code limit} rows matching {@code filter} in key order, after {@code after} when given. */
  List<StoredIdentity> page(Connection c, IdentityFilter filter, Optional<IdentityKey> after, int limit)
      throws SQLException {
    Where where = where(filter);
    after.ifPresent(k -> where.and("(username, identity_type, client_id) > (?, ?, ?)",
        k.username(), k.type().name(), k.clientId()));
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM custom_auth_identity" + where.sql()
        + " ORDER BY username, identity_type, client_id LIMIT ?")) {
      ps.setInt(where.bind(ps), limit);
      List<StoredIdentity> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(read(rs));
        }
      }
      return rows;
    }
  }

  long count(Connection c, IdentityFilter filter) throws SQLException {
    Where where = where(filter);
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM custom_auth_identity" + where.sql())) {
      where.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Where where(IdentityFilter filter) {
    Where where = new Where();
    filter.username().ifPresent(u -> where.and("username = ?", u));
    filter.identityType().ifPresent(t -> where.and("identity_type = ?", t.name()));
    filter.clientId().ifPresent(id -> where.and("client_id = ?", id));
    return where;
  }

  private static void bindKey(PreparedStatement ps, int from, IdentityKey key) throws SQLException {
    ps.setString(from, key.username());
    ps.setString(from + 1, key.type().name());
    ps.setString(from + 2, key.clientId());
  }

  private static StoredIdentity read(ResultSet rs) throws SQLException {
    IdentityKey key = new IdentityKey(IdentityType.valueOf(rs.getString(2)), rs.getString(1), rs.getString(3));
    return new StoredIdentity(key, rs.getString(4), SignMode.valueOf(rs.getString(5)), rs.getLong(6), rs.getLong(7));
  }
}
