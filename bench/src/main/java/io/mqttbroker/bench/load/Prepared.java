package io.mqttbroker.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The credentials of one target, created before any scenario runs so that no setup falls into a measurement.
 *
 * @param target the broker
 * @param main what the throughput, latency and idle scenarios use: custom mode with its permission rules on a
 *     broker of this project (every PUBLISH and SUBSCRIBE is authorized against them), the username and password
 *     otherwise
 * @param storm the CONNECT storm's credentials by mode, in the order they run
 */
record Prepared(Target target, Credentials.Source main, Map<String, Credentials.Source> storm) {
  static final String GROUP = "GID_bench@@@";

  /** Client id {@code i} of the CONNECT storm in {@code mode}. */
  static String stormClientId(String mode, int i) {
    return GROUP + "storm-" + mode + "-" + i;
  }

  /** Client id {@code i} of the unmeasured storm that precedes the storm in {@code mode}. */
  static String warmUpClientId(String mode, int i) {
    return GROUP + "warmup-" + mode + "-" + i;
  }

  /**
   * How many distinct client ids the unmeasured storms before a mode's storm use: a new one for every connect, so
   * that the paths of a client id seen for the first time get warm, except in device credential mode, where each needs
   * a credential created beforehand (a longer warm-up comes back to them).
   */
  static int warmUpClients(LoadOptions options, String mode) {
    return mode.equals("device-credential") ? Math.min(options.stormWarmUp(), 4 * options.stormClients())
        : options.stormWarmUp();
  }

  static Prepared of(Target target, LoadOptions options, boolean storm)
      throws IOException, InterruptedException {
    if (!target.hasAdmin()) {
      Credentials.Source plain = Credentials.fixed(target.authLabel(), target.username(), target.password());
      return new Prepared(target, plain, Map.of(target.authLabel(), plain));
    }
    AdminSetup admin = new AdminSetup(target);
    // A username of its own per run: a rerun against the same broker must not collide with an earlier identity.
    Credentials.Source custom = admin.custom("bench-" + Long.toString(System.currentTimeMillis(), 36));
    Map<String, Credentials.Source> modes = new LinkedHashMap<>();
    if (storm) {
      for (String mode : options.stormModes()) {
        Log.info("creating " + mode + " credentials on " + target);
        modes.put(mode, switch (mode) {
          case "signature" -> admin.signature();
          case "token" -> admin.token();
          case "device-credential" -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < options.stormClients(); i++) {
              ids.add(stormClientId(mode, i));
            }
            for (int i = 0; i < warmUpClients(options, mode); i++) {
              ids.add(warmUpClientId(mode, i));
            }
            yield admin.deviceCredentials(ids, 8);
          }
          case "custom" -> custom;
          default -> throw new IllegalArgumentException("unknown mode " + mode);
        });
      }
    }
    return new Prepared(target, custom, modes);
  }
}
