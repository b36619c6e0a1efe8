package io.mqttbroker.store;

import java.sql.SQLException;

/** A database error that is not an outage (a constraint, a bug in SQL). Carries the SQL state for callers. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(SQLException cause) {
    super(cause.getMessage(), cause);
  }

  /** Whether the cause is a unique-key violation (SQLSTATE 23505 in both H2 and PostgreSQL). */
  public boolean isDuplicateKey() {
    return getCause() instanceof SQLException s && "23505".equals(s.getSQLState());
  }
}
