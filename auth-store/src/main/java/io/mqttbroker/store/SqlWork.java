package io.mqttbroker.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work run by {@link Database}, inside one transaction. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
