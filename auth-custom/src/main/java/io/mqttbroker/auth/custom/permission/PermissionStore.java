package io.mqttbroker.auth.custom.permission;

import io.mqttbroker.auth.custom.IdentityType;
import io.mqttbroker.auth.custom.Where;
import io.mqttbroker.auth.custom.permission.CustomAuthPermission.PermissionKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** JDBC access to {@code custom_auth_permission}; every method runs in the caller's transaction. */
final class PermissionStore {
  private static final String COLUMNS = "identity_name, identity_type, topic, permit_action, effect";
  private static final String KEY = "identity_name = ? AND identity_type = ? AND topic = ?";

  void insert(Connection c, CustomAuthPermission p) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO custom_auth_permission (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
      bindKey(ps, 1, p.key());
      ps.setString(4, p.permitAction().name());
      ps.setString(5, p.effect().name());
      ps.executeUpdate();
    }
  }

  /** Returns whether the row existed. */
  boolean update(Connection c, CustomAuthPermission p) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE custom_auth_permission SET permit_action = ?, effect = ? WHERE " + KEY)) {
      ps.setString(1, p.permitAction().name());
      ps.setString(2, p.effect().name());
      bindKey(ps, 3, p.key());
      return ps.executeUpdate() == 1;
    }
  }

  /** Returns whether the row existed. */
  boolean delete(Connection c, PermissionKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM custom_auth_permission WHERE " + KEY)) {
      bindKey(ps, 1, key);
      return ps.executeUpdate() == 1;
    }
  }

  /** Up to {@code limit} rows matching {@code filter} in key order, after {@code after} when given. */
  List<CustomAuthPermission> page(Connection c, PermissionFilter filter, Optional<PermissionKey> after, int limit)
      throws SQLException {
    Where where = where(filter);
    after.ifPresent(k -> where.and("(identity_name, identity_type, topic) > (?, ?, ?)",
        k.identity(), k.identityType().name(), k.topic()));
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM custom_auth_permission" + where.sql()
        + " ORDER BY identity_name, identity_type, topic LIMIT ?")) {
      ps.setInt(where.bind(ps), limit);
      List<CustomAuthPermission> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(read(rs));
        }
      }
      return rows;
    }
  }

  long count(Connection c, PermissionFilter filter) throws SQLException {
    Where where = where(filter);
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM custom_auth_permission" + where.sql())) {
      where.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Every rule of one identity (taking in a change made on another node). */
  List<CustomAuthPermission> ofIdentity(Connection c, IdentityType type, String identity) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM custom_auth_permission WHERE identity_name = ? AND identity_type = ?")) {
      ps.setString(1, identity);
      ps.setString(2, type.name());
      List<CustomAuthPermission> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(read(rs));
        }
      }
      return rows;
    }
  }

  /** Streams every row to {@code sink} (loading the index at start). */
  void forEach(Connection c, Consumer<CustomAuthPermission> sink) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM custom_auth_permission")) {
      // A fetch size lets PostgreSQL stream a large table instead of materialising it (needs autocommit off).
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(read(rs));
        }
      }
    }
  }

  private static Where where(PermissionFilter filter) {
    Where where = new Where();
    filter.identity().ifPresent(id -> where.and("identity_name = ?", id));
    filter.identityType().ifPresent(t -> where.and("identity_type = ?", t.name()));
    filter.topic().ifPresent(t -> where.and("topic = ?", t));
    return where;
  }

  private static void bindKey(PreparedStatement ps, int from, PermissionKey key) throws SQLException {
    ps.setString(from, key.identity());
    ps.setString(from + 1, key.identityType().name());
    ps.setString(from + 2, key.topic());
  }

  private static CustomAuthPermission read(ResultSet rs) throws SQLException {
    return new CustomAuthPermission(IdentityType.valueOf(rs.getString(2)), rs.getString(1), rs.getString(3),
        PermitAction.valueOf(rs.getString(4)), Effect.valueOf(rs.getString(5)));
  }
}
