package io.mqttbroker.auth.token;

import io.mqttbroker.core.security.spi.ClientContext;
import io.mqttbroker.core.security.spi.Principal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A live client that records what the broker would do for it: system messages, disconnects, principal changes and
 * scheduled tasks, which run only when the test calls {@link #runDueTasks()} after moving the clock.
 */
final class RecordingClientContext implements ClientContext {
  record Message(String topic, String payload) {}

  /** A task scheduled through {@link #schedule}. */
  static final class Task implements Cancellable {
    final long dueAt;
    final Duration delay;
    final Runnable body;
    boolean cancelled;
    boolean ran;

    Task(long dueAt, Duration delay, Runnable body) {
      this.dueAt = dueAt;
      this.delay = delay;
      this.body = body;
    }

    @Override
    public synchronized void cancel() {
      cancelled = true;
    }
  }

  private final String clientId;
  private final MovableClock clock;
  private volatile Principal principal;
  private volatile boolean connected = true;
  final List<Message> messages = new ArrayList<>();
  final List<String> disconnects = new ArrayList<>();
  final List<Task> tasks = new ArrayList<>();
  int principalReplacements;

  RecordingClientContext(String clientId, Principal principal, MovableClock clock) {
    this.clientId = clientId;
    this.principal = principal;
    this.clock = clock;
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public Optional<String> username() {
    return Optional.of("Token|AK1|mqtt-local");
  }

  @Override
  public int protocolVersion() {
    return 4;
  }

  @Override
  public SocketAddress remoteAddress() {
    return new InetSocketAddress("127.0.0.1", 50000);
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public synchronized void replacePrincipal(Principal principal) {
    this.principal = principal;
    principalReplacements++;
  }

  @Override
  public synchronized void sendSystemMessage(String topic, byte[] payload) {
    messages.add(new Message(topic, new String(payload, StandardCharsets.UTF_8)));
  }

  @Override
  public synchronized void disconnect(String reason) {
    disconnects.add(reason);
    connected = false;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(clock.millis() + delay.toMillis(), delay, task);
    tasks.add(t);
    return t;
  }

  @Override
  public boolean isConnected() {
    return connected;
  }

  /** Tasks neither cancelled nor run yet, earliest first. */
  synchronized List<Task> pendingTasks() {
    List<Task> pending = new ArrayList<>();
    for (Task t : tasks) {
      if (!t.cancelled && !t.ran) {
        pending.add(t);
      }
    }
    pending.sort(Comparator.comparingLong(t -> t.dueAt));
    return pending;
  }

  /** Runs, in due order, every pending task whose time has come, as long as the client stays connected. */
  void runDueTasks() {
    while (connected) {
      Task next = pendingTasks().stream().filter(t -> t.dueAt <= clock.millis()).findFirst().orElse(null);
      if (next == null) {
        return;
      }
      next.ran = true;
      next.body.run();
    }
  }

  synchronized List<Message> messagesOn(String topic) {
    return messages.stream().filter(m -> m.topic().equals(topic)).toList();
  }
}
