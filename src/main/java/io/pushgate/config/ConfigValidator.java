package io.pushgate.config;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a config tree against {@link ConfigSchema} and returns it complete: every key present, defaults filled in,
 * numbers as {@code Integer}. Collects every problem (unknown keys, wrong types, values out of range, contradictory
 * settings) before failing, so one start-up names them all.
 */
public final class ConfigValidator {

  /** Target names are used in URL paths ({@code /v1/push/{target}}) and environment variable names. */
  static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9_-]+");

  /** The prefix of a Standard Webhooks signing secret. */
  public static final String WEBHOOK_SECRET_PREFIX = "whsec_";

  /** A cluster member to join: {@code host:port}, an IPv6 host in brackets. */
  private static final Pattern MEMBER = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^\\s:\\[\\]]+):(\\d{1,5})");
  /** Hazelcast takes interfaces as IP addresses, not names. */
  private static final Pattern IPV4 = Pattern.compile(
      "(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final List<String> problems;

  private ConfigValidator(List<String> problems) {
    this.problems = problems;
  }

  /**
   * The complete, checked config.
   *
   * @throws ConfigException naming every problem found
   */
  public static JsonObject normalize(JsonObject config) {
    return normalize(config, new ArrayList<>());
  }

  static JsonObject normalize(JsonObject config, List<String> problems) {
    ConfigValidator validator = new ConfigValidator(problems);
    validator.findUnknownKeys(config, "");
    JsonObject normalized = validator.readKnownKeys(config);
    validator.crossCheck(normalized);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return normalized;
  }

  private void findUnknownKeys(JsonObject tree, String prefix) {
    for (Map.Entry<String, Object> entry : tree) {
      String path = prefix + entry.getKey();
      if (ConfigSchema.find(path).isPresent()) {
        continue;
      }
      if (ConfigSchema.isBranch(path)) {
        if (entry.getValue() instanceof JsonObject child) {
          findUnknownKeys(child, path + ".");
        } else {
          problems.add(path + ": must be an object");
        }
      } else {
        problems.add(path + ": unknown key");
      }
    }
  }

  private JsonObject readKnownKeys(JsonObject config) {
    JsonObject normalized = new JsonObject();
    for (ConfigKey key : ConfigSchema.KEYS) {
      if (!key.perTarget()) {
        read(config, normalized, key, key.path());
      }
    }
    JsonObject targets = new JsonObject();
    normalized.put(ConfigSchema.TARGETS, targets);
    Object configured = config.getValue(ConfigSchema.TARGETS);
    if (!(configured instanceof JsonObject configuredTargets) || configuredTargets.isEmpty()) {
      problems.add("targets: at least one target is required, each with a url");
      return normalized;
    }
    for (String name : configuredTargets.fieldNames()) {
      if (!TARGET_NAME.matcher(name).matches()) {
        problems.add("targets." + name + ": a target name may hold only letters, digits, '-' and '_'");
      }
      for (ConfigKey key : ConfigSchema.KEYS) {
        if (key.perTarget()) {
          String path = key.path().replace("*", name);
          if (key.type() == ConfigKey.Type.URL && valueAt(config, path) == null && !urlRequired(config, name)) {
            // A provider's own URL when it has one; Web Push messages name their endpoints.
            TargetKind.of(valueAt(config, "targets." + name + ".kind")).map(TargetKind::defaultUrl)
                .ifPresent(url -> putAt(normalized, path, url));
            continue;
          }
          read(config, normalized, key, path);
        }
      }
    }
    return normalized;
  }

  /** Whether the target must set its {@code url}: a webhook must, a provider kind has its own or needs none. */
  private static boolean urlRequired(JsonObject config, String name) {
    Object kind = valueAt(config, "targets." + name + ".kind");
    return kind == null || TargetKind.of(kind).map(known -> known == TargetKind.WEBHOOK).orElse(true);
  }

  private void read(JsonObject config, JsonObject normalized, ConfigKey key, String path) {
    Object value = valueAt(config, path);
    if (value == null) {
      value = switch (key.type()) {
        case STRING_MAP -> new JsonObject();
        case STRING_LIST -> new JsonArray();
        default -> key.defaultValue();
      };
      if (value == null) {
        if (key.type() == ConfigKey.Type.URL) {
          problems.add(path + ": required");
        }
        return;
      }
    }
    Object checked = check(key, path, value);
    if (checked != null) {
      putAt(normalized, path, checked);
    }
  }

  private Object check(ConfigKey key, String path, Object value) {
    switch (key.type()) {
      case INT -> {
        if (!(value instanceof Integer || value instanceof Long)) {
          return problem(path + ": must be an integer, not " + describe(value));
        }
        long number = ((Number) value).longValue();
        if (number < key.min() || number > key.max()) {
          return problem(path + ": must be between " + key.min() + " and " + key.max() + ", not " + number);
        }
        return (int) number;
      }
      case BOOLEAN -> {
        return value instanceof Boolean ? value : problem(path + ": must be true or false, not " + describe(value));
      }
      case STRING -> {
        return value instanceof String text && !text.isBlank() ? value
            : problem(path + ": must be a non-empty string");
      }
      case URL -> {
        if (!(value instanceof String text) || !isHttpUrl(text)) {
          return problem(path + ": must be an absolute http:// or https:// URL, not " + describe(value));
        }
        // Only host, port and path are used; user info would be silently dropped, and it would be a secret.
        return URI.create(text).getRawUserInfo() == null ? value
            : problem(path + ": must not hold credentials; send them in the target's headers");
      }
      case STRING_MAP -> {
        if (!(value instanceof JsonObject map) || !map.stream().allMatch(e -> e.getValue() instanceof String)) {
          return problem(path + ": must be an object whose values are strings");
        }
        // Header names must be HTTP tokens and values single lines; values are never echoed, they may be secrets.
        for (Map.Entry<String, Object> header : map) {
          if (!HEADER_NAME.matcher(header.getKey()).matches() || ((String) header.getValue()).matches("(?s).*[\\r\\n].*")) {
            return problem(path + "." + header.getKey() + ": not a valid HTTP header name or single-line value");
          }
        }
        return value;
      }
      case STRING_LIST -> {
        if (value instanceof JsonArray list && list.stream().allMatch(e -> e instanceof String text && !text.isEmpty())) {
          return value;
        }
        return problem(path + ": must be an array of non-empty strings");
      }
      case SECRETS -> {
        JsonArray secrets = value instanceof String single ? new JsonArray().add(single)
            : value instanceof JsonArray list ? list : null;
        if (secrets == null || secrets.isEmpty() || secrets.size() > 2
            || !secrets.stream().allMatch(ConfigValidator::isWebhookSecret)) {
          return problem(path + ": must be a whsec_<base64> secret, or an array of two during rotation");
        }
        return secrets;
      }
      case STORE_URL -> {
        boolean sqlite = value instanceof String text && text.startsWith(JobsConfig.SQLITE_PREFIX)
            && text.length() > JobsConfig.SQLITE_PREFIX.length();
        boolean postgres = value instanceof String text && JobsConfig.isPostgresUrl(text);
        return sqlite || postgres ? value
            : problem(path + ": must be sqlite:<file> or postgresql://user:password@host:port/database");
      }
      case FILE -> {
        return value instanceof String text && !text.isBlank() ? value : problem(path + ": must be a file path");
      }
      default -> throw new IllegalStateException("unhandled type " + key.type());
    }
  }

  private static boolean isWebhookSecret(Object value) {
    if (!(value instanceof String text) || !text.startsWith(WEBHOOK_SECRET_PREFIX)) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(text.substring(WEBHOOK_SECRET_PREFIX.length())).length > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void crossCheck(JsonObject normalized) {
    JsonObject tls = normalized.getJsonObject(ConfigSchema.HTTP, new JsonObject()).getJsonObject("tls");
    if (tls != null && tls.containsKey("certPath") != tls.containsKey("keyPath")) {
      problems.add("http.tls: certPath and keyPath go together");
    }
    JsonObject http = normalized.getJsonObject(ConfigSchema.HTTP);
    // A body of the largest size must fit in the budget, or it could never be read.
    if (http != null && http.getInteger("maxBodyBytesInFlight", Integer.MAX_VALUE)
        < http.getInteger("maxBodyBytes", 0)) {
      problems.add("http.maxBodyBytesInFlight: must be at least http.maxBodyBytes (" + http.getInteger("maxBodyBytes")
          + "), not " + http.getInteger("maxBodyBytesInFlight"));
    }
    JsonObject push = normalized.getJsonObject(ConfigSchema.PUSH);
    if (push != null && push.getInteger("defaultTimeoutMs", 0) > push.getInteger("maxTimeoutMs", Integer.MAX_VALUE)) {
      problems.add("push.defaultTimeoutMs: must not exceed push.maxTimeoutMs");
    }
    // A batch larger than an in-flight limit or a target's share could never be admitted: refuse the config instead.
    int maxBatch = push == null ? 0 : push.getInteger("maxBatch", 0);
    JsonObject limits = normalized.getJsonObject(ConfigSchema.LIMITS);
    JsonObject targets = normalized.getJsonObject(ConfigSchema.TARGETS);
    if (limits != null && limits.getInteger("maxInFlight", Integer.MAX_VALUE) < maxBatch) {
      problems.add("limits.maxInFlight: must be at least push.maxBatch (" + maxBatch + "), not "
          + limits.getInteger("maxInFlight"));
    } else if (limits != null && limits.containsKey("maxInFlight") && limits.containsKey("maxTargetSharePercent")) {
      int share = LimitsConfig.fromJson(limits).targetShare(targets.size());
      if (share < maxBatch) {
        problems.add("limits.maxTargetSharePercent: a target's share of limits.maxInFlight (" + share
            + " messages) must be at least push.maxBatch (" + maxBatch + ")");
      }
    }
    JsonObject cluster = normalized.getJsonObject(ConfigSchema.CLUSTER);
    if (cluster != null) {
      crossCheckCluster(cluster);
    }
    for (Map.Entry<String, Object> target : targets) {
      int targetMaxInFlight = ((JsonObject) target.getValue()).getInteger("maxInFlight", Integer.MAX_VALUE);
      if (targetMaxInFlight < maxBatch) {
        problems.add("targets." + target.getKey() + ".maxInFlight: must be at least push.maxBatch (" + maxBatch
            + "), not " + targetMaxInFlight);
      }
      crossCheckKind(target.getKey(), (JsonObject) target.getValue());
      JsonObject backoff = ((JsonObject) target.getValue()).getJsonObject("backoff");
      if (backoff != null && backoff.getInteger("initialMs", 0) > backoff.getInteger("maxMs", Integer.MAX_VALUE)) {
        problems.add("targets." + target.getKey() + ".backoff.initialMs: must not exceed backoff.maxMs");
      }
    }
  }

  /**
   * A target's kind and the keys that kind needs. Whether keys and files parse is checked when the senders are built
   * ({@code io.pushgate.sender.TargetKinds}), which fails the start naming every bad one.
   */
  private void crossCheckKind(String name, JsonObject target) {
    String prefix = "targets." + name + ".";
    String kindName = target.getString("kind");
    TargetKind kind = TargetKind.of(kindName).orElse(null);
    if (kind == null) {
      problems.add(prefix + "kind: must be one of webhook, webpush, fcm, apns, not " + describe(kindName));
      return;
    }
    List<String> required = switch (kind) {
      case WEBHOOK -> List.of();
      case WEBPUSH -> List.of("vapid.publicKey", "vapid.privateKey", "vapid.subject");
      case FCM -> List.of("fcm.serviceAccountPath");
      case APNS -> List.of("apns.teamId", "apns.keyId", "apns.keyPath", "apns.topic");
    };
    for (String key : required) {
      if (valueAt(target, key) == null) {
        problems.add(prefix + key + ": required for a target of kind " + kind.json());
      }
    }
    for (String section : List.of("vapid", "fcm", "apns")) {
      if (target.containsKey(section) && !required.stream().anyMatch(key -> key.startsWith(section + "."))) {
        problems.add(prefix + section + ": only for a target of kind "
            + (section.equals("vapid") ? "webpush" : section) + ", and this one is " + kind.json());
      }
    }
    Object subject = valueAt(target, "vapid.subject");
    if (subject instanceof String text && !text.startsWith("mailto:") && !text.startsWith("https:")) {
      problems.add(prefix + "vapid.subject: must be a mailto: or https: URL");
    }
    if (kind != TargetKind.WEBPUSH && !target.getJsonArray("allowedOrigins", new JsonArray()).isEmpty()) {
      problems.add(prefix + "allowedOrigins: only for a target of kind webpush, and this one is " + kind.json());
    }
    // Keys a kind would ignore are refused rather than silently dropped: a signing secret means nothing to a
    // provider, and Web Push and APNs requests carry only their protocol's headers.
    if (kind != TargetKind.WEBHOOK && target.containsKey("signingSecret")) {
      problems.add(prefix + "signingSecret: only for a target of kind webhook, and this one is " + kind.json());
    }
    if ((kind == TargetKind.WEBPUSH || kind == TargetKind.APNS)
        && !target.getJsonObject("headers", new JsonObject()).isEmpty()) {
      problems.add(prefix + "headers: not sent to a target of kind " + kind.json());
    }
    if (kind == TargetKind.WEBPUSH && target.containsKey("url")) {
      problems.add(prefix + "url: a webpush target has none: each message names its subscription's endpoint");
    }
  }

  private void crossCheckCluster(JsonObject cluster) {
    for (Object member : cluster.getJsonArray("members", new JsonArray())) {
      Matcher matcher = MEMBER.matcher((String) member);
      if (!matcher.matches() || Integer.parseInt(matcher.group(2)) < 1 || Integer.parseInt(matcher.group(2)) > 65535) {
        problems.add("cluster.members: each member must be host:port with a port from 1 to 65535, not "
            + Json.encode(member));
      }
    }
    String host = cluster.getString("host");
    if (host != null && !IPV4.matcher(host).matches()) {
      problems.add("cluster.host: must be an IPv4 address (" + ClusterConfig.ANY_HOST + " for every interface), not "
          + Json.encode(host));
    }
    // Bound to every interface, a node must say which address the others reach it at.
    if (Boolean.TRUE.equals(cluster.getBoolean("enabled")) && ClusterConfig.ANY_HOST.equals(host)
        && !cluster.containsKey("publicHost")) {
      problems.add("cluster.publicHost: required when cluster.host is " + ClusterConfig.ANY_HOST);
    }
  }

  /**
   * The offending value of a type or format error as the JSON it was, so that {@code "8080"} is not mistaken for
   * {@code 8080}: a string quoted and called a string, a number or boolean as written. Objects and arrays are only
   * named, never echoed, since they may hold secrets (header values, keys).
   */
  static String describe(Object value) {
    if (value instanceof String) {
      return "the string " + Json.encode(value);
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    return Json.encode(value);
  }

  private Object problem(String text) {
    problems.add(text);
    return null;
  }

  /** Whether {@code text} is an absolute {@code http://} or {@code https://} URL with a host. */
  public static boolean isHttpUrl(String text) {
    try {
      URI uri = new URI(text);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static Object valueAt(JsonObject tree, String path) {
    Object node = tree;
    for (String segment : path.split("\\.")) {
      if (!(node instanceof JsonObject object)) {
        return null;
      }
      node = object.getValue(segment);
    }
    return node;
  }

  private static void putAt(JsonObject tree, String path, Object value) {
    String[] segments = path.split("\\.");
    JsonObject parent = tree;
    for (int i = 0; i < segments.length - 1; i++) {
      JsonObject child = parent.getJsonObject(segments[i]);
      if (child == null) {
        child = new JsonObject();
        parent.put(segments[i], child);
      }
      parent = child;
    }
    parent.put(segments[segments.length - 1], value);
  }
}
