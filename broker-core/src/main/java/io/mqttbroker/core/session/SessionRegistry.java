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
   * The session to use for a new connection: the existing one when {@code cleanStart} is false and one exists, else a
   * fresh one (replacing any old one). The boolean of the result says whether an old session was resumed.
   */
  public Resumed open(String clientId, boolean cleanStart) {
    if (!cleanStart) {
      Session existing = sessions.get(clientId);
      if (existing != null) {
        return new Resumed(existing, true);
      }
    }
    Session fresh = new Session(clientId, maxInflight, maxQueued);
    sessions.put(clientId, fresh);
    return new Resumed(fresh, false);
  }

  /** Removes the session if it is still the registered one for its client id. */
  public boolean remove(Session session) {
    return sessions.remove(session.clientId(), session);
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
