package io.mqttbroker.auth.token;

import io.mqttbroker.auth.signature.AccessKey;
import io.mqttbroker.auth.signature.AccessKeyDirectory;
import io.mqttbroker.store.StoreUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An access key directory held in memory, which a test can empty or take down. */
final class FakeAccessKeys implements AccessKeyDirectory {
  private final Map<String, AccessKey> keys = new ConcurrentHashMap<>();
  private volatile boolean down;

  FakeAccessKeys add(String id, boolean owner) {
    keys.put(id, new AccessKey(id, "secret-of-" + id, "", owner, List.of(), 0));
    return this;
  }

  void delete(String id) {
    keys.remove(id);
  }

  void setDown(boolean down) {
    this.down = down;
  }

  @Override
  public Optional<AccessKey> find(String accessKeyId) {
    if (down) {
      throw new StoreUnavailableException("access keys down (test)", null);
    }
    return Optional.ofNullable(keys.get(accessKeyId));
  }
}
