package io.mqttbroker.core.security.revocation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The in-process bus: listeners run on the publishing thread, one failing listener does not stop the others. */
public final class InMemoryRevocationBus implements RevocationBus {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryRevocationBus.class);
  private final List<Consumer<Revocation>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public void publish(Revocation revocation) {
    for (Consumer<Revocation> listener : listeners) {
      try {
        listener.accept(revocation);
      } catch (RuntimeException e) {
        LOG.warn("revocation listener failed for {}", revocation.key(), e);
      }
    }
  }

  @Override
  public void subscribe(Consumer<Revocation> listener) {
    listeners.add(listener);
  }
}
