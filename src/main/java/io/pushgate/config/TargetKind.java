package io.pushgate.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a target is ({@code targets.<name>.kind}): what one message is, how it is sent and how its answer is read.
 * Everything else (batches, jobs, retries, limits, breakers, metrics, message ids) is the same for every kind.
 */
public enum TargetKind {
  /** A JSON webhook: each message POSTed as is to the target's {@code url}. */
  WEBHOOK("webhook", null),
  /** Web Push (RFC 8030, 8291, 8292): each message names its subscription; the endpoint comes from it. */
  WEBPUSH("webpush", null),
  /** Firebase Cloud Messaging, HTTP v1. */
  FCM("fcm", "https://fcm.googleapis.com"),
  /** Apple Push Notification service, HTTP/2 with token-based auth. */
  APNS("apns", "https://api.push.apple.com");

  private final String json;
  private final String defaultUrl;

  TargetKind(String json, String defaultUrl) {
    this.json = json;
    this.defaultUrl = defaultUrl;
  }

  /** The name in config and in {@code /v1/targets}. */
  public String json() {
    return json;
  }

  /** The provider's own URL, used when the target sets none; {@code null} when the kind has none. */
  public String defaultUrl() {
    return defaultUrl;
  }

  /** Whether every message goes to the target's {@code url}: all kinds but Web Push, whose message names it. */
  public boolean usesUrl() {
    return this != WEBPUSH;
  }

  /** The kind named {@code name} in config. */
  public static Optional<TargetKind> of(Object name) {
    return Arrays.stream(values()).filter(kind -> kind.json.equals(name)).findFirst();
  }
}
