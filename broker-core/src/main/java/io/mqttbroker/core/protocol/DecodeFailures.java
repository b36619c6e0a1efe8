package io.mqttbroker.core.protocol;

import io.mqttbroker.core.protocol.MqttConnection.State;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a packet the codec could not decode does to its connection: the CONNACK or DISCONNECT reason, then close. */
final class DecodeFailures {
  private static final Logger LOG = LoggerFactory.getLogger(DecodeFailures.class);

  private DecodeFailures() {}

  static void handle(MqttConnection c, Throwable cause) {
    if (c.state == State.NEW && cause instanceof MqttUnacceptableProtocolVersionException) {
      c.refuseAndClose(Replies.Refusal.PROTOCOL_VERSION, "unsupported protocol version");
    } else if (c.state == State.NEW && cause instanceof MqttIdentifierRejectedException) {
      c.refuseAndClose(Replies.Refusal.CLIENT_ID, "client identifier rejected");
    } else if (isTooLarge(cause)) {
      LOG.info("closing client={} address={}: packet larger than {} bytes", c.clientId, c.remote(),
          c.broker.options().maxPacketSize());
      if (c.state == State.NEW) {
        c.refuseAndClose(Replies.Refusal.TOO_LARGE, "packet too large");
      } else {
        c.closeWith(0x95, "packet too large");
      }
    } else {
      LOG.info("closing client={} address={}: malformed packet ({})", c.clientId, c.remote(), cause.getMessage());
      c.closeWith(0x81, "malformed packet");
    }
  }

  private static boolean isTooLarge(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof TooLongFrameException) {
        return true;
      }
      if (t instanceof DecoderException && String.valueOf(t.getMessage()).contains("too large")) {
        return true;
      }
    }
    return false;
  }
}
