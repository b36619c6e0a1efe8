package io.mqttbroker.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The broker's configuration: the documented defaults ({@code broker.properties} on the classpath), overridden by an
 * optional configuration file, overridden by environment variables. Every key {@code a.b-c} can be set from the
 * environment as {@code MQTT_A_B_C} (upper case, dots and dashes become underscores, prefixed {@code MQTT_} unless the
 * key already starts with {@code mqtt.}). Immutable.
 */
public final class Settings {
  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Defaults, then {@code file} (if not null), then {@code env}. */
  public static Settings load(Path file, Map<String, String> env) {
    Map<String, String> merged = new TreeMap<>(readDefaults());
    if (file != null) {
      Properties props = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
      }
      for (String key : props.stringPropertyNames()) {
        if (!merged.containsKey(key)) {
          throw new IllegalArgumentException("unknown configuration key '" + key + "' in " + file);
        }
        merged.put(key, props.getProperty(key).trim());
      }
    }
    for (String key : merged.keySet()) {
      String value = env.get(envName(key));
      if (value != null) {
        merged.put(key, value.trim());
      }
    }
    return new Settings(merged);
  }

  /** Defaults overridden by {@code overrides} (keys as in the file); for tests and embedding. */
  public static Settings of(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(readDefaults());
    overrides.forEach((k, v) -> {
      if (!merged.containsKey(k)) {
        throw new IllegalArgumentException("unknown configuration key '" + k + "'");
      }
      merged.put(k, v);
    });
    return new Settings(merged);
  }

  /** A copy with some keys changed. */
  public Settings with(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(values);
    overrides.forEach((k, v) -> {
      if (!merged.containsKey(k)) {
        throw new IllegalArgumentException("unknown configuration key '" + k + "'");
      }
      merged.put(k, v);
    });
    return new Settings(merged);
  }

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    String upper = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    return upper.startsWith("MQTT_") ? upper : "MQTT_" + upper;
  }

  public String get(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("unknown configuration key '" + key + "'");
    }
    return value;
  }

  public int getInt(String key) {
    try {
      return Integer.parseInt(get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " (" + envName(key) + ") must be an integer, got '" + get(key) + "'");
    }
  }

  public long getLong(String key) {
    try {
      return Long.parseLong(get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " (" + envName(key) + ") must be an integer, got '" + get(key) + "'");
    }
  }

  public boolean getBoolean(String key) {
    String v = get(key).toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(key + " (" + envName(key) + ") must be true or false, got '" + get(key) + "'");
  }

  /** A duration written as ISO-8601 ({@code PT5M}) or as a number with a unit suffix: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
  public Duration getDuration(String key) {
    String v = get(key).trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      switch (v.charAt(v.length() - 1)) {
        case 's': return Duration.ofSeconds(n);
        case 'm': return Duration.ofMinutes(n);
        case 'h': return Duration.ofHours(n);
        case 'd': return Duration.ofDays(n);
        default: break;
      }
    } catch (RuntimeException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(key + " (" + envName(key) + ") must be a duration like 30s, 5m or 500ms, got '"
        + get(key) + "'");
  }

  public Map<String, String> asMap() {
    return values;
  }

  private static Map<String, String> readDefaults() {
    Properties props = new Properties();
    try (InputStream in = Settings.class.getResourceAsStream("/broker.properties")) {
      if (in == null) {
        throw new IllegalStateException("broker.properties missing from the classpath");
      }
      props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, String> map = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k).trim()));
    return map;
  }
}
