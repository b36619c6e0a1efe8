package io.mqttbroker.auth.token;

import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.spi.ClientContext;
import io.mqttbroker.core.security.spi.ClientContext.Cancellable;
import io.mqttbroker.core.security.spi.SessionListener;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timers of live token-mode sessions. For each token: {@code $SYS/tokenExpireNotice} once, the configured time
 * before expiry (at once when less remains); at expiry {@code $SYS/tokenInvalidNotice} code 2 and a disconnect. An
 * uploaded token replaces the timers of its type. Timers run through {@link ClientContext#schedule}, so they die with
 * the connection; they are cancelled explicitly on disconnect as well. When the issuing access key is deleted, each
 * of its sessions gets code -1 (account no longer valid) for each token before the broker closes it.
 */
public final class TokenSessions implements SessionListener {
  private static final Logger LOG = LoggerFactory.getLogger(TokenSessions.class);

  private final Clock clock;
  private final Duration noticeBefore;
  /** By connection identity: a takeover under the same client id is another ClientContext with its own timers. */
  private final ConcurrentMap<ClientContext, SessionTimers> sessions = new ConcurrentHashMap<>();

  public TokenSessions(Clock clock, Duration noticeBefore) {
    this.clock = clock;
    this.noticeBefore = noticeBefore;
  }

  @Override
  public void onConnected(ClientContext client) {
    if (!(client.principal().grants() instanceof TokenGrants grants)) {
      return;
    }
    SessionTimers timers = new SessionTimers();
    SessionTimers previous = sessions.put(client, timers);
    if (previous != null) {
      previous.cancelAll();
    }
    for (GrantedToken token : grants.tokens().values()) {
      timers.schedule(client, token);
    }
  }

  @Override
  public void onDisconnected(ClientContext client) {
    SessionTimers timers = sessions.remove(client);
    if (timers != null) {
      timers.cancelAll();
    }
  }

  /**
   * The session now holds {@code token} for its type (after {@code $SYS/uploadToken}): the old token's timers are
   * cancelled and the new one's scheduled. No-op for a connection that has gone.
   */
  public void tokenReplaced(ClientContext client, GrantedToken token) {
    // computeIfPresent is atomic with onDisconnected's remove: either the new timers are cancelled there, or none
    // are created for a connection that has already gone.
    sessions.computeIfPresent(client, (c, timers) -> {
      timers.schedule(c, token);
      return timers;
    });
  }

  /**
   * A revocation announced on the bus: the deletion of an access key ({@code accessKey:<id>}, CLOSE) makes every token
   * it issued unusable, so its sessions get {@code $SYS/tokenInvalidNotice} code -1 per token. The broker's enforcer
   * closes them; it listens after this (modes are wired before the broker) and waits for the client to acknowledge
   * the notices it was sent.
   */
  public void onRevocation(Revocation revocation) {
    if (revocation.action() != Revocation.RevocationAction.CLOSE
        || !revocation.key().startsWith(TokenGrants.ACCESS_KEY_PREFIX)) {
      return;
    }
    String accessKeyId = revocation.key().substring(TokenGrants.ACCESS_KEY_PREFIX.length());
    for (ClientContext client : sessions.keySet()) {
      if (client.principal().name().equals(accessKeyId)
          && client.principal().grants() instanceof TokenGrants grants) {
        for (TokenType type : TokenType.values()) {
          if (grants.tokens().containsKey(type)) {
            client.sendSystemMessage(TokenNotices.INVALID_NOTICE_TOPIC,
                TokenNotices.invalid(TokenNotices.CODE_ACCOUNT_INVALID, type));
          }
        }
      }
    }
  }

  /** How many live sessions have timers (for tests and metrics). */
  public int liveSessions() {
    return sessions.size();
  }

  private void noticeExpiry(ClientContext client, GrantedToken token) {
    if (stillHolds(client, token)) {
      client.sendSystemMessage(TokenNotices.EXPIRE_NOTICE_TOPIC, TokenNotices.expire(token.expireTime(), token.type()));
    }
  }

  private void expire(ClientContext client, GrantedToken token) {
    if (stillHolds(client, token)) {
      LOG.info("client {}: {} token expired, disconnecting", client.clientId(), token.type());
      client.sendSystemMessage(TokenNotices.INVALID_NOTICE_TOPIC,
          TokenNotices.invalid(TokenNotices.CODE_EXPIRED, token.type()));
      client.disconnect("token expired");
    }
  }

  /** Guards against a timer that fires while an upload is replacing its token. */
  private static boolean stillHolds(ClientContext client, GrantedToken token) {
    return client.principal().grants() instanceof TokenGrants grants
        && grants.token(token.type()).map(t -> t.hash().equals(token.hash())).orElse(false);
  }

  /** The two timers of each token type of one connection. */
  private final class SessionTimers {
    private final Map<TokenType, Cancellable[]> byType = new EnumMap<>(TokenType.class);

    synchronized void schedule(ClientContext client, GrantedToken token) {
      cancel(byType.remove(token.type()));
      long remaining = Math.max(0, token.expireTime() - clock.millis());
      Duration untilExpiry = Duration.ofMillis(remaining);
      Duration untilNotice = untilExpiry.compareTo(noticeBefore) > 0 ? untilExpiry.minus(noticeBefore) : Duration.ZERO;
      Cancellable[] handles = remaining > 0
          ? new Cancellable[] {client.schedule(untilNotice, () -> noticeExpiry(client, token)),
              client.schedule(untilExpiry, () -> expire(client, token))}
          // Already expired (between CONNECT and CONNACK, or an upload raced its expiry): no notice, just the end.
          : new Cancellable[] {client.schedule(Duration.ZERO, () -> expire(client, token))};
      byType.put(token.type(), handles);
    }

    synchronized void cancelAll() {
      byType.values().forEach(SessionTimers::cancel);
      byType.clear();
    }

    private static void cancel(Cancellable[] handles) {
      if (handles != null) {
        for (Cancellable handle : handles) {
          handle.cancel();
        }
      }
    }
  }
}
