package io.mqttbroker.auth.token;

import io.mqttbroker.store.StoreUnavailableException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The real store behind a switch that makes every call fail as if the database were down; counts lookups. */
final class SwitchableTokenStore implements TokenStore {
  private final TokenStore delegate;
  private volatile boolean down;
  final AtomicInteger finds = new AtomicInteger();

  SwitchableTokenStore(TokenStore delegate) {
    this.delegate = delegate;
  }

  void setDown(boolean down) {
    this.down = down;
  }

  private void failIfDown() {
    if (down) {
      throw new StoreUnavailableException("token store down (test)", null);
    }
  }

  @Override
  public void insert(TokenRecord record) {
    failIfDown();
    delegate.insert(record);
  }

  @Override
  public Optional<TokenRecord> find(String hash) {
    finds.incrementAndGet();
    failIfDown();
    return delegate.find(hash);
  }

  @Override
  public boolean revoke(String hash, long revokeTime) {
    failIfDown();
    return delegate.revoke(hash, revokeTime);
  }

  @Override
  public int purge(long endedAtOrBefore) {
    failIfDown();
    return delegate.purge(endedAtOrBefore);
  }
}
