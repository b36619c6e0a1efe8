package io.mqttbroker.auth.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqttbroker.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

/** {@link TokenStore} on the shared credential database, table {@code auth_token} (migration db/auth-token). */
public final class JdbcTokenStore implements TokenStore {
  /** Resources are kept as a JSON array: a topic may contain any character but U+0000, so no separator is safe. */
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

  private final Database database;

  public JdbcTokenStore(Database database) {
    this.database = database;
  }

  @Override
  public void insert(TokenRecord record) {
    String resources = toJson(record.resources());
    database.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO auth_token (token_hash, instance_id, access_key_id,"
          + " token_type, resources, expire_time, create_time, revoked) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, record.hash());
        ps.setString(2, record.instanceId());
        ps.setString(3, record.accessKeyId());
        ps.setString(4, record.type().name());
        ps.setString(5, resources);
        ps.setLong(6, record.expireTime());
        ps.setLong(7, record.createTime());
        ps.setBoolean(8, record.revoked());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public Optional<TokenRecord> find(String hash) {
    return database.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT instance_id, access_key_id, token_type, resources,"
          + " expire_time, create_time, revoked FROM auth_token WHERE token_hash = ?")) {
        ps.setString(1, hash);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new TokenRecord(hash, rs.getString(1), rs.getString(2),
              TokenType.valueOf(rs.getString(3)), fromJson(rs.getString(4)), rs.getLong(5), rs.getLong(6),
              rs.getBoolean(7)));
        }
      }
    });
  }

  @Override
  public boolean revoke(String hash, long revokeTime) {
    return database.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE auth_token SET revoked = TRUE, revoke_time = COALESCE(revoke_time, ?) WHERE token_hash = ?")) {
        ps.setLong(1, revokeTime);
        ps.setString(2, hash);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public int purge(long endedAtOrBefore) {
    return database.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM auth_token WHERE expire_time <= ?"
          + " OR (revoked = TRUE AND revoke_time <= ?)")) {
        ps.setLong(1, endedAtOrBefore);
        ps.setLong(2, endedAtOrBefore);
        return ps.executeUpdate();
      }
    });
  }

  private static String toJson(List<String> resources) {
    try {
      return JSON.writeValueAsString(resources);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode token resources", e);
    }
  }

  private static List<String> fromJson(String json) {
    try {
      return JSON.readValue(json, STRING_LIST);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored token resources are not a JSON array", e);
    }
  }
}
