package io.mqttbroker.core.session;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every session by client id, live or persistent-and-offline. */
public final class SessionRegistry {
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final int maxInflight;
  private final int maxQueued;

  public SessionRegistry(int maxInflight, int maxQueued) {
    this.maxInflight = maxInflight;
    this.maxQueued = maxQueued;
  }

  public Session get(String clientId) {
    return sessions.get(clientId);
  }

  /**
   * The session to use for a new connection: the existing one when {@code cleanStart} is false and one exists (its
   * expiry countdown stopped), else a fresh one (replacing any old one). The boolean of the result says whether an old
   * session was resumed.
   */
  public Resumed open(String clientId, boolean cleanStart) {
    boolean[] resumed = new boolean[1];
    // compute() serialises with removeIfExpired on the same key: a session is either resumed or expired, never both.
    Session session = sessions.compute(clientId, (id, existing) -> {
      if (!cleanStart && existing != null) {
        existing.cancelExpiry();
        resumed[0] = true;
        return existing;
      }
      return new Session(id, maxInflight, maxQueued);
    });
    return new Resumed(session, resumed[0]);
  }

  /** Removes the session if it is still the registered one for its client id. */
  public boolean remove(Session session) {
    return sessions.remove(session.clientId(), session);
  }

  /** Removes the session if countdown {@code token} is still running for it and nobody resumed it meanwhile. */
  boolean removeIfExpired(Session session, Object token) {
    boolean[] removed = new boolean[1];
    sessions.computeIfPresent(session.clientId(), (id, current) -> {
      if (current == session && session.expiryDue(token)) {
        removed[0] = true;
        return null;
      }
      return current;
    });
    return removed[0];
  }

  public Collection<Session> all() {
    return sessions.values();
  }

  public int size() {
    return sessions.size();
  }

  /** The result of {@link #open}. */
  public record Resumed(Session session, boolean present) {}
}
