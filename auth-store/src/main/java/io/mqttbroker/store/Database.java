package io.mqttbroker.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credential database: a connection pool, per-module schema migrations and transactions. Every auth module
 * shares one {@code Database} but owns its tables and migrations ({@code classpath:db/<module>}, history table
 * {@code schema_history_<module>}).
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource dataSource;
  private final boolean embedded;

  private Database(HikariDataSource dataSource, boolean embedded) {
    this.dataSource = dataSource;
    this.embedded = embedded;
  }

  /** Opens the pool; does not fail when a PostgreSQL server is down (calls fail with StoreUnavailable instead). */
  public static Database open(StoreSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("credential-store");
    config.setMaximumPoolSize(Math.max(2, settings.poolSize()));
    config.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
    config.setValidationTimeout(Math.max(250, Math.min(settings.connectTimeout().toMillis(), 2000)));
    config.setInitializationFailTimeout(-1);
    config.setAutoCommit(false);
    if (settings.isEmbedded()) {
      Path dir = settings.dataDir().toAbsolutePath();
      try {
        Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw new StoreUnavailableException("cannot create data directory " + dir, e);
      }
      // WRITE_DELAY=0: a committed change reaches the file before the commit returns, so a kill -9 right after a
      // 201 answer loses nothing. PostgreSQL mode keeps the migrations' SQL the same for both engines.
      config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("credentials") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
          + ";DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
      config.setUsername("sa");
      config.setPassword("");
    } else {
      config.setJdbcUrl(settings.jdbcUrl());
      config.setUsername(settings.user());
      config.setPassword(settings.password());
    }
    LOG.info("credential store: {}", settings);
    return new Database(new HikariDataSource(config), settings.isEmbedded());
  }

  public boolean isEmbedded() {
    return embedded;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Applies the migrations of one module found at {@code classpath:db/<module>} (files {@code V1__init.sql}, ...).
   * Safe to call at every start.
   */
  public void migrate(String module) {
    try {
      Flyway.configure(Database.class.getClassLoader())
          .dataSource(dataSource)
          .locations("classpath:db/" + module)
          .table("schema_history_" + module.replace('-', '_'))
          // Several modules share one schema: a module that migrates second must still run its V1.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw new StoreUnavailableException("schema migration of " + module + " failed: " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  public <T> T inTransaction(SqlWork<T> work) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new StoreUnavailableException("credential store unavailable", e);
    }
    try (connection) {
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection);
        throw e;
      }
    } catch (SQLTransientConnectionException e) {
      throw new StoreUnavailableException("credential store unavailable", e);
    } catch (SQLException e) {
      if (isConnectionProblem(e)) {
        throw new StoreUnavailableException("credential store unavailable", e);
      }
      throw new StoreException(e);
    }
  }

  /** Whether the database answers a trivial query now. */
  public boolean isUp() {
    try {
      return inTransaction(c -> c.isValid(2));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean isConnectionProblem(SQLException e) {
    String state = e.getSQLState();
    // SQLSTATE class 08 = connection exception; 57P0x = PostgreSQL admin shutdown / cannot connect now.
    return state != null && (state.startsWith("08") || state.startsWith("57P"));
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is broken; the pool will discard it.
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
