package io.mqttbroker.auth.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqttbroker.core.security.spi.ClientContext;
import io.mqttbroker.core.security.spi.Principal;
import io.mqttbroker.core.security.spi.SystemTopicHandler;
import io.mqttbroker.store.StoreUnavailableException;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code $SYS/uploadToken}: a live token-mode session replaces one of its tokens. Payload
 * {@code {"token":"...","type":"R|W|RW"}} (field names in any case). The token is validated like at CONNECT (same
 * access key, this instance, the stated type); on success the session's principal is replaced and its timers
 * rescheduled before the stage completes, so the PUBACK the broker then sends means "the new token is in force". On
 * failure the client gets {@code $SYS/tokenInvalidNotice} (1 unparseable/forged/not this key's, 2 expired, 3 revoked,
 * 5 type mismatch, -1 issuing key gone) and the stage fails, which disconnects it. All of it runs on the blocking
 * executor: parsing and the store lookup never touch the event loop.
 */
public final class UploadTokenHandler implements SystemTopicHandler {
  private static final Logger LOG = LoggerFactory.getLogger(UploadTokenHandler.class);

  private final TokenService service;
  private final TokenSessions sessions;
  private final Executor blockingExecutor;
  private final ObjectMapper json = new ObjectMapper();

  public UploadTokenHandler(TokenService service, TokenSessions sessions, Executor blockingExecutor) {
    this.service = service;
    this.sessions = sessions;
    this.blockingExecutor = blockingExecutor;
  }

  @Override
  public boolean handles(String topic) {
    return TokenNotices.UPLOAD_TOPIC.equals(topic);
  }

  @Override
  public CompletionStage<Void> onPublish(ClientContext client, String topic, byte[] payload) {
    if (!(client.principal().grants() instanceof TokenGrants)) {
      return CompletableFuture.failedFuture(new UploadRejectedException("not a token-mode session"));
    }
    try {
      return CompletableFuture.runAsync(() -> upload(client, payload), blockingExecutor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void upload(ClientContext client, byte[] payload) {
    UploadFields fields = parse(payload);
    Optional<TokenType> type = fields.type();
    if (fields.token().isEmpty() || type.isEmpty()) {
      throw reject(client, TokenNotices.CODE_FORGED, type, "payload is not {\"token\":...,\"type\":\"R|W|RW\"}");
    }
    TokenCheck check;
    try {
      check = service.check(fields.token().get());
    } catch (StoreUnavailableException e) {
      // Not the token's fault: no invalid notice, but the client must not be told the new token is in force.
      throw new UploadRejectedException("credential store unavailable");
    }
    if (!(check instanceof TokenCheck.Valid valid)) {
      throw reject(client, TokenCheck.noticeCode(check), type, "uploaded token is not usable");
    }
    TokenRecord record = valid.token();
    Principal principal = client.principal();
    if (!record.instanceId().equals(service.instanceId()) || !record.accessKeyId().equals(principal.name())) {
      throw reject(client, TokenNotices.CODE_FORGED, type, "uploaded token is not this session's access key's");
    }
    if (record.type() != type.get()) {
      throw reject(client, TokenNotices.CODE_TYPE_MISMATCH, type, "uploaded token is of type " + record.type());
    }
    if (!(principal.grants() instanceof TokenGrants grants)) {
      throw new UploadRejectedException("not a token-mode session");
    }
    GrantedToken token = GrantedToken.of(record);
    client.replacePrincipal(grants.with(token).principal(principal.name(), client.clientId()));
    sessions.tokenReplaced(client, token);
    LOG.debug("client {}: {} token replaced by upload", client.clientId(), token.type());
  }

  /** The token and type fields; each is absent when missing or not a string (type also when not R, W or RW). */
  private UploadFields parse(byte[] payload) {
    String token = null;
    TokenType type = null;
    JsonNode root;
    try {
      root = json.readTree(payload);
    } catch (IOException e) {
      return new UploadFields(null, null);
    }
    if (root == null || !root.isObject()) {
      return new UploadFields(null, null);
    }
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String name = field.getKey().toLowerCase(Locale.ROOT);
      if (!field.getValue().isTextual()) {
        continue;
      }
      if (name.equals("token")) {
        token = field.getValue().textValue();
      } else if (name.equals("type")) {
        type = TokenType.fromLabel(field.getValue().textValue()).orElse(null);
      }
    }
    return new UploadFields(token, type);
  }

  /** The readable fields of an upload payload (null inside = absent, never handed out). */
  private record UploadFields(String rawToken, TokenType rawType) {
    Optional<String> token() {
      return Optional.ofNullable(rawToken).filter(t -> !t.isEmpty());
    }

    Optional<TokenType> type() {
      return Optional.ofNullable(rawType);
    }
  }

  private static UploadRejectedException reject(ClientContext client, int code, Optional<TokenType> type,
      String why) {
    LOG.info("client {}: token upload refused (code {}): {}", client.clientId(), code, why);
    client.sendSystemMessage(TokenNotices.INVALID_NOTICE_TOPIC, TokenNotices.invalid(code, type));
    return new UploadRejectedException(why);
  }

  /** Why an upload was refused; the broker closes the connection. Never carries the token. */
  public static final class UploadRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UploadRejectedException(String message) {
      super(message);
    }
  }
}
