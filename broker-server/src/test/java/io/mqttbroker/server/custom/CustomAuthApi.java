package io.mqttbroker.server.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.AdminClient.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The custom-auth operations of the admin API as one-line calls over real HTTP, for end-to-end tests. The plain calls
 * assert the success status so that a test reads as its scenario; {@link #admin()} gives the raw answers for error
 * cases.
 */
final class CustomAuthApi {
  static final String IDENTITIES = "/api/v1/custom-auth/identities";
  static final String PERMISSIONS = "/api/v1/custom-auth/permissions";
  static final String BLACKLIST = "/api/v1/custom-auth/connect-blacklist";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AdminClient admin;

  CustomAuthApi(AdminClient admin) {
    this.admin = admin;
  }

  AdminClient admin() {
    return admin;
  }

  /** AddCustomAuthIdentity of a USER identity. */
  void user(String username, String secret, String signMode) {
    expect(201, admin.post(IDENTITIES, identityJson(username, "USER", null, secret, signMode)));
  }

  /** AddCustomAuthIdentity of a CLIENT identity. */
  void client(String username, String clientId, String secret, String signMode) {
    expect(201, admin.post(IDENTITIES, identityJson(username, "CLIENT", clientId, secret, signMode)));
  }

  void updateUser(String username, String secret, String signMode) {
    expect(200, admin.put(IDENTITIES, identityJson(username, "USER", null, secret, signMode)));
  }

  void deleteUser(String username) {
    expect(204, admin.delete(IDENTITIES + query("username", username, "identityType", "USER")));
  }

  void deleteClient(String username, String clientId) {
    expect(204, admin.delete(IDENTITIES + query("username", username, "identityType", "CLIENT", "clientId",
        clientId)));
  }

  /** AddCustomAuthPermission. */
  void rule(String identityType, String identity, String topic, String permitAction, String effect) {
    expect(201, admin.post(PERMISSIONS, permissionJson(identityType, identity, topic, permitAction, effect)));
  }

  /** UpdateCustomAuthPermission. */
  void changeRule(String identityType, String identity, String topic, String permitAction, String effect) {
    expect(200, admin.put(PERMISSIONS, permissionJson(identityType, identity, topic, permitAction, effect)));
  }

  /** DeleteCustomAuthPermission. */
  void deleteRule(String identityType, String identity, String topic) {
    expect(204, admin.delete(PERMISSIONS + query("identityType", identityType, "identity", identity, "topic",
        topic)));
  }

  void blacklist(String clientId) {
    ObjectNode body = JSON.createObjectNode().put("clientId", clientId);
    expect(201, admin.post(BLACKLIST, body.toString()));
  }

  void unblacklist(String clientId) {
    expect(204, admin.delete(BLACKLIST + "/" + encode(clientId)));
  }

  static String identityJson(String username, String identityType, String clientId, String secret, String signMode) {
    ObjectNode body = JSON.createObjectNode()
        .put("username", username)
        .put("identityType", identityType)
        .put("secret", secret)
        .put("signMode", signMode);
    if (clientId != null) {
      body.put("clientId", clientId);
    }
    return body.toString();
  }

  static String permissionJson(String identityType, String identity, String topic, String permitAction,
      String effect) {
    return JSON.createObjectNode()
        .put("identityType", identityType)
        .put("identity", identity)
        .put("topic", topic)
        .put("permitAction", permitAction)
        .put("effect", effect)
        .toString();
  }

  /** {@code ?k1=v1&k2=v2...}, each value percent-encoded ({@code /}, {@code +} and {@code #} included). */
  static String query(String... pairs) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      sb.append(i == 0 ? '?' : '&').append(pairs[i]).append('=').append(encode(pairs[i + 1]));
    }
    return sb.toString();
  }

  static String encode(String value) {
    // URLEncoder writes a space as '+', which a query decoder may keep literally: spell it %20 instead.
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void expect(int status, Answer answer) {
    assertEquals(status, answer.status(), () -> "admin answer: " + answer.raw());
  }
}
