package io.mqttbroker.auth.custom;

import io.mqttbroker.store.Database;
import io.mqttbroker.store.SqlWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The shared quota of custom auth: identities + permissions + blacklist entries may not exceed the instance's maximum
 * connections. Called inside the transaction of the add or delete, so the count and the row commit or roll back
 * together; the conditional update takes the usage row's lock, which queues concurrent adds on every node.
 */
public final class Capacity {
  private final long limit;

  public Capacity(long limit) {
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }

  /** Counts one more entry, or fails with {@code Customauth.over.capacity} (the caller's transaction rolls back). */
  public void reserve(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "UPDATE custom_auth_usage SET used = used + 1 WHERE id = 1 AND used < ?")) {
      ps.setLong(1, limit);
      if (ps.executeUpdate() != 1) {
        throw CustomAuthException.overCapacity();
      }
    }
  }

  /** Counts one entry less. */
  public void release(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "UPDATE custom_auth_usage SET used = used - 1 WHERE id = 1 AND used > 0")) {
      ps.executeUpdate();
    }
  }

  /**
   * Runs {@code delete} and, when it removed the entry, counts one entry less - in one transaction. Answers whether
   * the entry existed.
   */
  public boolean deleteAndRelease(Database database, SqlWork<Boolean> delete) {
    return database.inTransaction(c -> {
      if (!delete.run(c)) {
        return false;
      }
      release(c);
      return true;
    });
  }
}
