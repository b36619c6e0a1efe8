package io.mqttbroker.store.relay;

import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.Revocation.RevocationAction;
import io.mqttbroker.core.security.revocation.Revocation.SystemMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text of a relayed revocation, as carried by a PostgreSQL {@code NOTIFY}:
 * {@code v1|<origin>|<action>|<key>|<reason>[|<notice topic>|<notice payload>]}, every free-text field in URL-safe
 * Base64 so that no separator, quote or control character can reach the SQL or the other side's parser.
 *
 * <p>PostgreSQL refuses a payload of 8000 bytes or more. The reason is cut to {@link #MAX_REASON_CHARS} (it is for
 * logs and MQTT 5 reason strings only); a notice that does not fit is dropped - the remote clients are still closed,
 * only without the message - because half a JSON notice would be worse than none; a key that does not fit cannot be
 * relayed at all (a shortened key would name another credential).
 */
final class RevocationCodec {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationCodec.class);
  /** Below PostgreSQL's 8000-byte limit with room to spare; every encoded character is one ASCII byte. */
  static final int MAX_PAYLOAD_BYTES = 7900;
  static final int MAX_REASON_CHARS = 200;
  private static final String VERSION = "v1";
  private static final String SEPARATOR = "|";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private RevocationCodec() {}

  /** A revocation received from another node, with the id of the node that published it. */
  record Relayed(String origin, Revocation revocation) {}

  /** The payload for {@code revocation} sent by {@code origin}; empty (and logged) when even its key cannot fit. */
  static Optional<String> encode(String origin, Revocation revocation) {
    String reason = revocation.reason().length() > MAX_REASON_CHARS
        ? revocation.reason().substring(0, MAX_REASON_CHARS) : revocation.reason();
    String head = String.join(SEPARATOR, VERSION, text(origin), revocation.action().name(),
        text(revocation.key()), text(reason));
    if (revocation.notice().isPresent()) {
      SystemMessage notice = revocation.notice().get();
      String full = head + SEPARATOR + text(notice.topic()) + SEPARATOR + ENCODER.encodeToString(notice.payload());
      if (full.length() <= MAX_PAYLOAD_BYTES) {
        return Optional.of(full);
      }
      LOG.warn("revocation {}: its notice ({} bytes) is too large to relay; other nodes close their clients without "
          + "it", revocation.key(), notice.payload().length);
    }
    if (head.length() > MAX_PAYLOAD_BYTES) {
      LOG.warn("revocation key of {} characters is too long to relay; other nodes act on it only when their caches "
          + "expire", revocation.key().length());
      return Optional.empty();
    }
    return Optional.of(head);
  }

  /** The revocation in {@code payload}; empty when it is not one this version writes. */
  static Optional<Relayed> decode(String payload) {
    String[] parts = payload.split("\\" + SEPARATOR, -1);
    if ((parts.length != 5 && parts.length != 7) || !VERSION.equals(parts[0])) {
      return Optional.empty();
    }
    try {
      RevocationAction action = RevocationAction.valueOf(parts[2]);
      String key = untext(parts[3]);
      if (key.isEmpty()) {
        return Optional.empty();
      }
      Optional<SystemMessage> notice = parts.length == 7
          ? Optional.of(new SystemMessage(untext(parts[5]), DECODER.decode(parts[6])))
          : Optional.empty();
      return Optional.of(new Relayed(untext(parts[1]), new Revocation(key, action, notice, untext(parts[4]))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String text(String value) {
    return ENCODER.encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String untext(String value) {
    return new String(DECODER.decode(value), StandardCharsets.UTF_8);
  }
}
