package io.mqttbroker.core.routing;

import java.util.List;
import java.util.Optional;

/**
 * The MQTT 5 properties a message carries from its publisher to its subscribers, free of any codec type. The message
 * expiry is kept as an absolute deadline so that every hop can forward the interval that remains.
 *
 * @param payloadFormat the payload format indicator (0 bytes, 1 UTF-8), if the publisher sent one
 * @param contentType the content type, if any
 * @param responseTopic the response topic, if any
 * @param correlationData the correlation data, if any (never mutated)
 * @param userProperties user properties in the order they were sent
 * @param expiresAtMillis epoch milliseconds after which the message must not be delivered; 0 = never expires
 */
public record MessageProperties(
    Optional<Integer> payloadFormat,
    Optional<String> contentType,
    Optional<String> responseTopic,
    Optional<byte[]> correlationData,
    List<UserProperty> userProperties,
    long expiresAtMillis) {

  public static final MessageProperties NONE =
      new MessageProperties(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), 0);

  public MessageProperties {
    userProperties = List.copyOf(userProperties);
  }

  /** The same properties with another expiry deadline (0 = never). */
  public MessageProperties withExpiresAt(long newExpiresAtMillis) {
    return new MessageProperties(payloadFormat, contentType, responseTopic, correlationData, userProperties,
        newExpiresAtMillis);
  }

  /** Whether the message has expired at {@code nowMillis}. */
  public boolean expiredAt(long nowMillis) {
    return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
  }

  /** Seconds left before expiry at {@code nowMillis} (at least 1 while not expired), or empty when it never expires. */
  public Optional<Long> remainingSeconds(long nowMillis) {
    if (expiresAtMillis == 0) {
      return Optional.empty();
    }
    long left = expiresAtMillis - nowMillis;
    return Optional.of(Math.max(1, (left + 999) / 1000));
  }

  /** One MQTT 5 user property (a name may appear more than once). */
  public record UserProperty(String name, String value) {}
}
