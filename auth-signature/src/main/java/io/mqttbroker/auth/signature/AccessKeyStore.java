package io.mqttbroker.auth.signature;

import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The access keys in the credential database (migration {@code db/auth-signature}). Secrets are sealed with the
 * {@link SecretCipher} on the way in and opened on the way out. No cache here: {@link AccessKeyService} owns it.
 */
final class AccessKeyStore {
  /** What a change to an existing key found. */
  enum Outcome {
    DONE,
    NOT_FOUND,
    OWNER
  }

  // Keyset paging: the token carries the last id of the page, versioned so that foreign strings are recognised.
  private static final String TOKEN_PREFIX = "k1:";

  private final Database database;
  private final SecretCipher cipher;

  AccessKeyStore(Database database, SecretCipher cipher) {
    this.database = database;
    this.cipher = cipher;
  }

  Optional<AccessKey> find(String accessKeyId) {
    return database.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT access_key_secret, description, is_owner, create_time"
          + " FROM access_key WHERE access_key_id = ?")) {
        ps.setString(1, accessKeyId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          List<PolicyStatement> policies = policies(c, accessKeyId, accessKeyId).getOrDefault(accessKeyId, List.of());
          return Optional.of(new AccessKey(accessKeyId, cipher.open(rs.getString(1)), rs.getString(2),
              rs.getBoolean(3), policies, rs.getLong(4)));
        }
      }
    });
  }

  /** Inserts a new key; a {@link io.mqttbroker.store.StoreException} with a duplicate key when the id is taken. */
  void insert(AccessKey key) {
    database.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO access_key (access_key_id, access_key_secret,"
          + " description, is_owner, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, key.accessKeyId());
        ps.setString(2, cipher.seal(key.accessKeySecret()));
        ps.setString(3, key.description());
        ps.setBoolean(4, key.owner());
        ps.setLong(5, key.createTime());
        ps.setLong(6, key.createTime());
        ps.executeUpdate();
      }
      insertPolicies(c, key.accessKeyId(), key.policies());
      return null;
    });
  }

  /** Replaces the statements of a non-owner key. */
  Outcome replacePolicies(String accessKeyId, List<PolicyStatement> policies, long now) {
    return database.inTransaction(c -> {
      Outcome found = lockForChange(c, accessKeyId, false);
      if (found != Outcome.DONE) {
        return found;
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM access_key_policy WHERE access_key_id = ?")) {
        ps.setString(1, accessKeyId);
        ps.executeUpdate();
      }
      insertPolicies(c, accessKeyId, policies);
      touch(c, accessKeyId, now);
      return Outcome.DONE;
    });
  }

  void replaceSecret(String accessKeyId, String secret, long now) {
    database.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE access_key SET access_key_secret = ?, update_time = ? WHERE access_key_id = ?")) {
        ps.setString(1, cipher.seal(secret));
        ps.setLong(2, now);
        ps.setString(3, accessKeyId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Deletes a key and its statements; an owner key only when {@code evenOwner}. */
  Outcome delete(String accessKeyId, boolean evenOwner) {
    return database.inTransaction(c -> {
      Outcome found = lockForChange(c, accessKeyId, evenOwner);
      if (found != Outcome.DONE) {
        return found;
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM access_key WHERE access_key_id = ?")) {
        ps.setString(1, accessKeyId);
        ps.executeUpdate();
      }
      return Outcome.DONE;
    });
  }

  /** The ids of the owner keys, oldest first (normally one). */
  List<String> ownerIds() {
    return database.inTransaction(c -> {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT access_key_id FROM access_key WHERE is_owner ORDER BY create_time, access_key_id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    });
  }

  /** One page of keys in id order, starting after the key named by {@code nextToken}. */
  AccessKeyPage page(int size, Optional<String> nextToken) {
    String after = nextToken.map(AccessKeyStore::decodeToken).orElse("");
    return database.inTransaction(c -> {
      // Read without policies first; the page's statements come in one range query below.
      List<AccessKeySummary> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT access_key_id, description, is_owner, create_time"
          + " FROM access_key WHERE access_key_id > ? ORDER BY access_key_id LIMIT ?")) {
        ps.setString(1, after);
        ps.setInt(2, size + 1);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new AccessKeySummary(rs.getString(1), rs.getString(2), rs.getBoolean(3), List.of(),
                rs.getLong(4)));
          }
        }
      }
      boolean more = rows.size() > size;
      List<AccessKeySummary> page = more ? rows.subList(0, size) : rows;
      Map<String, List<PolicyStatement>> policies = page.isEmpty() ? Map.of()
          : policies(c, page.get(0).accessKeyId(), page.get(page.size() - 1).accessKeyId());
      List<AccessKeySummary> results = new ArrayList<>(page.size());
      for (AccessKeySummary row : page) {
        results.add(new AccessKeySummary(row.accessKeyId(), row.description(), row.owner(),
            policies.getOrDefault(row.accessKeyId(), List.of()), row.createTime()));
      }
      Optional<String> next =
          more ? Optional.of(encodeToken(page.get(page.size() - 1).accessKeyId())) : Optional.empty();
      return new AccessKeyPage(results, next, count(c));
    });
  }

  private static long count(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM access_key");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Locks the key's row; DONE when it exists and may be changed. */
  private static Outcome lockForChange(Connection c, String accessKeyId, boolean evenOwner) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT is_owner FROM access_key WHERE access_key_id = ? FOR UPDATE")) {
      ps.setString(1, accessKeyId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Outcome.NOT_FOUND;
        }
        return rs.getBoolean(1) && !evenOwner ? Outcome.OWNER : Outcome.DONE;
      }
    }
  }

  private static void touch(Connection c, String accessKeyId, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE access_key SET update_time = ? WHERE access_key_id = ?")) {
      ps.setLong(1, now);
      ps.setString(2, accessKeyId);
      ps.executeUpdate();
    }
  }

  private static void insertPolicies(Connection c, String accessKeyId, List<PolicyStatement> policies)
      throws SQLException {
    if (policies.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO access_key_policy (access_key_id, statement_no,"
        + " resource_no, effect, actions, resource) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int s = 0; s < policies.size(); s++) {
        PolicyStatement statement = policies.get(s);
        for (int r = 0; r < statement.resources().size(); r++) {
          ps.setString(1, accessKeyId);
          ps.setInt(2, s);
          ps.setInt(3, r);
          ps.setString(4, statement.effect());
          ps.setString(5, String.join(",", statement.actions()));
          ps.setString(6, statement.resources().get(r));
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  /** The statements of the keys with ids from {@code firstId} to {@code lastId} (inclusive), by key id. */
  private static Map<String, List<PolicyStatement>> policies(Connection c, String firstId, String lastId)
      throws SQLException {
    Map<String, List<PolicyStatement>> byKey = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT access_key_id, statement_no, effect, actions, resource"
        + " FROM access_key_policy WHERE access_key_id >= ? AND access_key_id <= ?"
        + " ORDER BY access_key_id, statement_no, resource_no")) {
      ps.setString(1, firstId);
      ps.setString(2, lastId);
      try (ResultSet rs = ps.executeQuery()) {
        String key = null;
        int statementNo = -1;
        String effect = null;
        String actions = null;
        List<String> resources = new ArrayList<>();
        while (rs.next()) {
          if (!rs.getString(1).equals(key) || rs.getInt(2) != statementNo) {
            addStatement(byKey, key, effect, actions, resources);
            key = rs.getString(1);
            statementNo = rs.getInt(2);
            effect = rs.getString(3);
            actions = rs.getString(4);
            resources = new ArrayList<>();
          }
          resources.add(rs.getString(5));
        }
        addStatement(byKey, key, effect, actions, resources);
      }
    }
    return byKey;
  }

  private static void addStatement(
      Map<String, List<PolicyStatement>> byKey, String key, String effect, String actions, List<String> resources) {
    if (key != null) {
      byKey.computeIfAbsent(key, k -> new ArrayList<>())
          .add(new PolicyStatement(effect, Arrays.asList(actions.split(",")), resources));
    }
  }

  private static String encodeToken(String lastId) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((TOKEN_PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = "";
    }
    if (!decoded.startsWith(TOKEN_PREFIX)) {
      throw new AccessKeyException(AccessKeyException.INVALID_NEXT_TOKEN,
          "nextToken was not returned by a previous list call");
    }
    return decoded.substring(TOKEN_PREFIX.length());
  }
}
