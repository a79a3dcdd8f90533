package io.pushgate.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One push target ({@code targets.<name>.*}).
 *
 * @param name the target's name in requests
 * @param url the absolute URL every message is POSTed to
 * @param timeoutMs how long one attempt may go without an answer, in milliseconds
 * @param maxAttempts the most attempts per message, the first included
 * @param backoffInitialMs the cap of the first retry delay, in milliseconds; it doubles per retry
 * @param backoffMaxMs the largest retry delay, in milliseconds; also caps a target's {@code Retry-After}
 * @param headers extra headers sent with every message
 * @param maxInFlight the most messages of this target in flight on this node
 * @param breakerMaxFailures failed attempts to the target on this node (within 10 s, no success between) that open
 *     its circuit, shared by every sender of the node; 0 for no breaker
 * @param breakerResetTimeoutMs how long a circuit stays open before a probe may half-open it, in milliseconds
 * @param signingSecrets Standard Webhooks secrets ({@code whsec_<base64>}) to sign deliveries with; empty for none
 * @param trustStorePath PEM file of the certificates to trust for this target's HTTPS, or {@code null} for the JVM's
 */
public record TargetConfig(String name, String url, int timeoutMs, int maxAttempts, int backoffInitialMs,
                           int backoffMaxMs, Map<String, String> headers, int maxInFlight, int breakerMaxFailures,
                           int breakerResetTimeoutMs, List<String> signingSecrets, String trustStorePath) {

  /** The kind of a target whose messages are POSTed to its URL as they came, JSON: the only kind so far. */
  public static final String KIND_WEBHOOK = "webhook";

  public TargetConfig {
    headers = Map.copyOf(headers);
    signingSecrets = List.copyOf(signingSecrets);
  }

  /** How the target's messages are sent, as {@code /v1/targets} and the console show it. */
  public String kind() {
    return KIND_WEBHOOK;
  }

  /** The URL without user info or query, which may carry credentials: the form to show in logs and listings. */
  public String redactedUrl() {
    URI uri = URI.create(url);
    StringBuilder text = new StringBuilder(uri.getScheme()).append("://");
    if (uri.getRawUserInfo() != null) {
      text.append("***@");
    }
    text.append(uri.getHost());
    if (uri.getPort() > 0) {
      text.append(':').append(uri.getPort());
    }
    text.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      text.append("?***");
    }
    return text.toString();
  }

  /** Reads a target checked by {@link ConfigValidator}. */
  public static TargetConfig fromJson(String name, JsonObject json) {
    JsonObject backoff = json.getJsonObject("backoff");
    Map<String, String> headers = new LinkedHashMap<>();
    json.getJsonObject("headers").forEach(header -> headers.put(header.getKey(), (String) header.getValue()));
    JsonObject breaker = json.getJsonObject("circuitBreaker");
    List<String> secrets = new ArrayList<>();
    json.getJsonArray("signingSecret", new JsonArray()).forEach(secret -> secrets.add((String) secret));
    return new TargetConfig(name, json.getString("url"), json.getInteger("timeoutMs"),
        json.getInteger("maxAttempts"), backoff.getInteger("initialMs"), backoff.getInteger("maxMs"), headers,
        json.getInteger("maxInFlight"), breaker.getInteger("maxFailures"), breaker.getInteger("resetTimeoutMs"),
        secrets, json.getJsonObject("trustStore", new JsonObject()).getString("path"));
  }

  /** Reads every target of a checked {@code targets} section, by name. */
  public static Map<String, TargetConfig> allFromJson(JsonObject targets) {
    Map<String, TargetConfig> all = new LinkedHashMap<>();
    for (String name : targets.fieldNames()) {
      all.put(name, fromJson(name, targets.getJsonObject(name)));
    }
    return Map.copyOf(all);
  }
}
