package io.mqttbroker.auth.custom;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A WHERE clause built from optional filters, with its parameters bound in order. Module-internal helper. */
public final class Where {
  private final List<String> conditions = new ArrayList<>();
  private final List<String> params = new ArrayList<>();

  /** Adds {@code condition} (with one {@code ?} per parameter). */
  public Where and(String condition, String... values) {
    conditions.add(condition);
    params.addAll(List.of(values));
    return this;
  }

  /** {@code " WHERE a AND b"}, or an empty string without conditions. */
  public String sql() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  /** Binds the parameters from index 1; returns the next free index. */
  public int bind(PreparedStatement ps) throws SQLException {
    int i = 1;
    for (String p : params) {
      ps.setString(i++, p);
    }
    return i;
  }
}
