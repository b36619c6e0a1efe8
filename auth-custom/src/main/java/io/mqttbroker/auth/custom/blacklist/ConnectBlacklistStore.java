package io.mqttbroker.auth.custom.blacklist;

import io.mqttbroker.auth.custom.Where;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JDBC access to {@code custom_auth_connect_black}; every method runs in the caller's transaction. */
final class ConnectBlacklistStore {

  void insert(Connection c, ConnectBlackEntry entry) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO custom_auth_connect_black (client_id, create_time) VALUES (?, ?)")) {
      ps.setString(1, entry.clientId());
      ps.setLong(2, entry.createTime());
      ps.executeUpdate();
    }
  }

  /** Returns whether the row existed. */
  boolean delete(Connection c, String clientId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM custom_auth_connect_black WHERE client_id = ?")) {
      ps.setString(1, clientId);
      return ps.executeUpdate() == 1;
    }
  }

  /** Every blacklisted client id (bounded by the mode's capacity). */
  List<String> allClientIds(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT client_id FROM custom_auth_connect_black");
        ResultSet rs = ps.executeQuery()) {
      List<String> ids = new ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
      return ids;
    }
  }

  List<ConnectBlackEntry> page(Connection c, Optional<String> clientId, Optional<String> after, int limit)
      throws SQLException {
    Where where = where(clientId);
    after.ifPresent(a -> where.and("client_id > ?", a));
    try (PreparedStatement ps = c.prepareStatement("SELECT client_id, create_time FROM custom_auth_connect_black"
        + where.sql() + " ORDER BY client_id LIMIT ?")) {
      ps.setInt(where.bind(ps), limit);
      List<ConnectBlackEntry> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new ConnectBlackEntry(rs.getString(1), rs.getLong(2)));
        }
      }
      return rows;
    }
  }

  long count(Connection c, Optional<String> clientId) throws SQLException {
    Where where = where(clientId);
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM custom_auth_connect_black" + where.sql())) {
      where.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Where where(Optional<String> clientId) {
    Where where = new Where();
    clientId.ifPresent(id -> where.and("client_id = ?", id));
    return where;
  }
}
