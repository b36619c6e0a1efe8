package io.mqttbroker.server.wiring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds the enabled authentication modes ({@code auth.modes}) in their configured order. */
public final class AuthModes {
  private AuthModes() {}

  public static List<ModeBundle> build(ModeContext context) {
    List<ModeBundle> bundles = new ArrayList<>();
    for (String raw : context.settings().get("auth.modes").split(",")) {
      String name = raw.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      bundles.add(build(name, context));
    }
    return bundles;
  }

  private static ModeBundle build(String name, ModeContext context) {
    switch (name) {
      // Each mode's factory lives beside this class: SignatureWiring, TokenWiring, DeviceCredentialWiring,
      // CustomAuthWiring. A mode that is not built yet is refused at start with a clear message.
      // MODE-FACTORIES (one case per mode; keep this marker)
      case "signature":
        return SignatureWiring.create(context);
      case "token":
        return TokenWiring.create(context);
      case "device-credential":
        return DeviceCredentialWiring.create(context);
      case "custom":
        return CustomAuthWiring.create(context);
      default:
        throw new IllegalArgumentException("unknown authentication mode '" + name
            + "' in auth.modes (MQTT_AUTH_MODES); known: signature, token, device-credential, custom");
    }
  }
}
