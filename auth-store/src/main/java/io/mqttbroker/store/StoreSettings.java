package io.mqttbroker.store;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where credentials are stored. An empty {@code jdbcUrl} selects the embedded H2 file under {@code dataDir}; a
 * {@code jdbc:postgresql:} URL selects PostgreSQL, for several broker nodes sharing credentials.
 *
 * @param dataDir the broker's data directory (holds the embedded database file)
 * @param jdbcUrl empty for the embedded default, else a PostgreSQL JDBC URL
 * @param user database user (PostgreSQL)
 * @param password database password (PostgreSQL); never logged
 * @param poolSize maximum pooled connections
 * @param connectTimeout how long a caller waits for a connection before the store counts as down
 */
public record StoreSettings(
    Path dataDir, String jdbcUrl, String user, String password, int poolSize, Duration connectTimeout) {

  public static StoreSettings embedded(Path dataDir) {
    return new StoreSettings(dataDir, "", "", "", 8, Duration.ofSeconds(3));
  }

  public boolean isEmbedded() {
    return jdbcUrl == null || jdbcUrl.isBlank();
  }

  @Override
  public String toString() {
    return "StoreSettings[" + (isEmbedded() ? "embedded " + dataDir : jdbcUrl) + "]";
  }
}
