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
 * @param kind what the target is: how a message is sent and its answer read
 * @param webPush the VAPID identity of a {@code webpush} target, else {@code null}
 * @param fcm the credentials of an {@code fcm} target, else {@code null}
 * @param apns the credentials of an {@code apns} target, else {@code null}
 */
public record TargetConfig(String name, String url, int timeoutMs, int maxAttempts, int backoffInitialMs,
                           int backoffMaxMs, Map<String, String> headers, int maxInFlight, int breakerMaxFailures,
                           int breakerResetTimeoutMs, List<String> signingSecrets, String trustStorePath,
                           TargetKind kind, WebPushConfig webPush, FcmConfig fcm, ApnsConfig apns) {

  public TargetConfig {
    headers = Map.copyOf(headers);
    signingSecrets = List.copyOf(signingSecrets);
  }

  /**
   * The URL without user info or query, which may carry credentials: the form to show in logs and listings;
   * {@code null} for a Web Push target, whose messages name their endpoints.
   */
  public String redactedUrl() {
    if (url == null) {
      return null;
    }
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
    TargetKind kind = TargetKind.of(json.getString("kind")).orElseThrow();
    return new TargetConfig(name, kind.usesUrl() ? json.getString("url") : null, json.getInteger("timeoutMs"),
        json.getInteger("maxAttempts"), backoff.getInteger("initialMs"), backoff.getInteger("maxMs"), headers,
        json.getInteger("maxInFlight"), breaker.getInteger("maxFailures"), breaker.getInteger("resetTimeoutMs"),
        secrets, json.getJsonObject("trustStore", new JsonObject()).getString("path"), kind,
        kind == TargetKind.WEBPUSH ? webPush(json) : null,
        kind == TargetKind.FCM ? new FcmConfig(json.getJsonObject("fcm").getString("serviceAccountPath")) : null,
        kind == TargetKind.APNS ? apns(json.getJsonObject("apns")) : null);
  }

  private static WebPushConfig webPush(JsonObject json) {
    JsonObject vapid = json.getJsonObject("vapid");
    List<String> origins = new ArrayList<>();
    json.getJsonArray("allowedOrigins", new JsonArray()).forEach(origin -> origins.add((String) origin));
    return new WebPushConfig(vapid.getString("publicKey"), vapid.getString("privateKey"), vapid.getString("subject"),
        origins);
  }

  private static ApnsConfig apns(JsonObject apns) {
    return new ApnsConfig(apns.getString("teamId"), apns.getString("keyId"), apns.getString("keyPath"),
        apns.getString("topic"));
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
