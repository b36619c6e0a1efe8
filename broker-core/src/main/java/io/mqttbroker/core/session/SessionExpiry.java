package io.mqttbroker.core.session;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Ends detached sessions when their session expiry interval elapses, also while the broker runs. Each countdown is one
 * task on a scheduler the caller passes (the connection's event loop), so no thread is held per session; resuming the
 * session before the task runs makes it a no-op.
 */
public final class SessionExpiry {
  private final SessionRegistry registry;
  private final Consumer<Session> onExpired;

  /** @param onExpired cleanup of a session that has just been removed from the registry (routing, wills) */
  public SessionExpiry(SessionRegistry registry, Consumer<Session> onExpired) {
    this.registry = registry;
    this.onExpired = onExpired;
  }

  /** Starts the countdown of a session whose client has disconnected (interval > 0 and not "never"). */
  public void start(Session session, long seconds, ScheduledExecutorService scheduler) {
    if (seconds <= 0 || seconds >= Session.NEVER_EXPIRES) {
      return;
    }
    Countdown countdown = new Countdown();
    if (!session.armExpiry(countdown)) {
      return;
    }
    countdown.future = scheduler.schedule(() -> {
      if (registry.removeIfExpired(session, countdown)) {
        onExpired.accept(session);
      }
    }, seconds, TimeUnit.SECONDS);
  }

  /** One running countdown; cancelling it only frees the scheduler early, the identity check makes it safe. */
  static final class Countdown {
    private volatile Future<?> future;

    void cancel() {
      Future<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
    }
  }
}
