package io.pushgate.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Applies environment variables ({@code PUSHGATE_HTTP_PORT}) and then system properties
 * ({@code -Dpushgate.http.port}) on top of the config file, so that the last one wins.
 *
 * <p>Vert.x Config's {@code env} and {@code sys} stores deliver flat keys at the top level of the merged config;
 * this class maps the ones with our prefixes onto paths of {@link ConfigSchema} and drops every other flat key.
 * Values arrive as text and are converted to the key's type here; a value that does not convert, or a prefixed name
 * that matches no key, is a problem reported with all the others.
 */
final class ConfigOverrides {

  static final String ENV_PREFIX = "PUSHGATE";
  static final String SYS_PREFIX = "pushgate.";

  private ConfigOverrides() {
  }

  /**
   * Returns the config sections of {@code merged} (its top-level objects) with the overrides applied.
   *
   * @param problems receives one line per bad variable or property
   */
  static JsonObject apply(JsonObject merged, List<String> problems) {
    JsonObject config = new JsonObject();
    List<Map.Entry<String, Object>> env = new ArrayList<>();
    List<Map.Entry<String, Object>> sys = new ArrayList<>();
    for (Map.Entry<String, Object> entry : merged) {
      if (entry.getValue() instanceof JsonObject section) {
        config.put(entry.getKey(), section.copy());
      } else if (entry.getKey().startsWith(ENV_PREFIX + "_")) {
        env.add(entry);
      } else if (entry.getKey().startsWith(SYS_PREFIX)) {
        sys.add(entry);
      }
    }
    env.sort(Map.Entry.comparingByKey());
    sys.sort(Map.Entry.comparingByKey());
    env.forEach(entry -> applyEnv(config, entry.getKey(), String.valueOf(entry.getValue()), problems));
    sys.forEach(entry -> applySys(config, entry.getKey(), String.valueOf(entry.getValue()), problems));
    return config;
  }

  /**
   * Finds the key a variable sets. A per-target name can match several keys
   * ({@code TARGETS_DEFAULT_CIRCUIT_BREAKER_RESET_TIMEOUT_MS} also fits {@code targets.*.timeoutMs} with the target
   * {@code DEFAULT_CIRCUIT_BREAKER_RESET}): a configured target wins, then the shortest target name, i.e. the
   * longest key.
   */
  private static void applyEnv(JsonObject config, String name, String value, List<String> problems) {
    String rest = name.substring(ENV_PREFIX.length() + 1);
    ConfigKey best = null;
    String bestTarget = null;
    for (ConfigKey key : ConfigSchema.KEYS) {
      Matcher matcher = key.envPattern().matcher(rest);
      if (!matcher.matches()) {
        continue;
      }
      if (!key.perTarget()) {
        set(config, key, key.path(), value, name, problems);
        return;
      }
      String candidate = matcher.group(1);
      if (best == null || better(config, candidate, bestTarget)) {
        best = key;
        bestTarget = candidate;
      }
    }
    if (best == null) {
      problems.add("environment variable " + name + " matches no configuration key");
      return;
    }
    set(config, best, best.path().replace("*", targetName(config, bestTarget)), value, name, problems);
  }

  private static boolean better(JsonObject config, String candidate, String current) {
    boolean candidateConfigured = configuredTarget(config, candidate) != null;
    boolean currentConfigured = configuredTarget(config, current) != null;
    if (candidateConfigured != currentConfigured) {
      return candidateConfigured;
    }
    return candidate.length() < current.length();
  }

  private static void applySys(JsonObject config, String name, String value, List<String> problems) {
    String path = name.substring(SYS_PREFIX.length());
    Optional<ConfigKey> key = ConfigSchema.find(path);
    if (key.isEmpty()) {
      problems.add("system property " + name + " matches no configuration key");
      return;
    }
    set(config, key.get(), path, value, name, problems);
  }
  /** The configured target whose name, upper-cased with '-' as '_', is {@code envName}; else a new lower-case one. */
  private static String targetName(JsonObject config, String envName) {
    String configured = configuredTarget(config, envName);
    return configured != null ? configured : envName.toLowerCase(Locale.ROOT);
  }

  private static String configuredTarget(JsonObject config, String envName) {
    JsonObject targets = config.getJsonObject(ConfigSchema.TARGETS, new JsonObject());
    for (String name : targets.fieldNames()) {
      if (name.toUpperCase(Locale.ROOT).replace('-', '_').equals(envName)) {
        return name;
      }
    }
    return null;
  }

  private static void set(JsonObject config, ConfigKey key, String path, String text, String source,
                          List<String> problems) {
    Object value;
    try {
      value = convert(key.type(), text);
    } catch (NumberFormatException | DecodeException e) {
      // Lists, maps, secrets and store URLs may hold API keys, header credentials, signing secrets or a database
      // password: never echo them.
      boolean secret = key.type() == ConfigKey.Type.SECRETS || key.type() == ConfigKey.Type.STORE_URL
          || key.type() == ConfigKey.Type.STRING_LIST || key.type() == ConfigKey.Type.STRING_MAP;
      problems.add(source + " (" + path + "): cannot read " + (secret ? "its value" : "'" + text + "'") + " as "
          + describe(key.type()));
      return;
    }
    String[] segments = path.split("\\.");
    JsonObject parent = config;
    for (int i = 0; i < segments.length - 1; i++) {
      if (!(parent.getValue(segments[i]) instanceof JsonObject)) {
        parent.put(segments[i], new JsonObject());
      }
      parent = parent.getJsonObject(segments[i]);
    }
    parent.put(segments[segments.length - 1], value);
  }

  private static Object convert(ConfigKey.Type type, String text) {
    return switch (type) {
      case INT -> Long.parseLong(text.trim());
      case BOOLEAN -> parseBoolean(text.trim());
      case STRING_MAP -> new JsonObject(text);
      case STRING_LIST, SECRETS -> text.trim().startsWith("[") ? new JsonArray(text) : commaSeparated(text);
      case STRING, URL, FILE, STORE_URL -> text;
    };
  }

  private static JsonArray commaSeparated(String text) {
    JsonArray list = new JsonArray();
    for (String item : text.split(",")) {
      if (!item.isBlank()) {
        list.add(item.trim());
      }
    }
    return list;
  }

  private static boolean parseBoolean(String text) {
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new NumberFormatException(text);
  }

  private static String describe(ConfigKey.Type type) {
    return switch (type) {
      case INT -> "an integer";
      case BOOLEAN -> "true or false";
      case STRING_MAP -> "a JSON object";
      case STRING_LIST, SECRETS -> "a comma-separated list or a JSON array";
      case STRING, URL, FILE, STORE_URL -> "text";
    };
  }
}
