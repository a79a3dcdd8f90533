package io.pushgate.sender;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One message of a {@code webpush} target, as the caller sends it:
 * {@code {"subscription": {"endpoint", "keys": {"p256dh", "auth"}}, "payload", "ttl", "urgency", "topic"}}. Read
 * and checked before anything is sent: a message that is not one is refused with the field at fault.
 *
 * @param endpoint the subscription's push endpoint
 * @param p256dh the subscription's public key, an uncompressed P-256 point
 * @param auth the subscription's 16-byte auth secret
 * @param payload the bytes to encrypt (a string as is, any other JSON value as its JSON text), or {@code null} for a
 *     push without data
 * @param ttlSeconds how long the push service may keep it for an offline browser
 * @param urgency {@code very-low}, {@code low}, {@code normal} or {@code high}, or {@code null}
 * @param topic a push service replaces an undelivered message of the same topic, or {@code null}
 */
record WebPushMessage(URI endpoint, byte[] p256dh, byte[] auth, byte[] payload, long ttlSeconds, String urgency,
                      String topic) {

  static final long DEFAULT_TTL_SECONDS = 2_419_200;
  private static final Set<String> URGENCIES = Set.of("very-low", "low", "normal", "high");
  /** RFC 8030 section 5.4: at most 32 characters of the base64url alphabet. */
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final int AUTH_BYTES = 16;

  /** Reads a message; {@code IllegalArgumentException} saying what is wrong when it is not one. */
  static WebPushMessage parse(Buffer body) {
    JsonObject message;
    try {
      message = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("a webpush message must be a JSON object");
    }
    if (!(message.getValue("subscription") instanceof JsonObject subscription)) {
      throw new IllegalArgumentException("subscription: required, an object with endpoint and keys");
    }
    URI endpoint = endpoint(subscription.getValue("endpoint"));
    if (!(subscription.getValue("keys") instanceof JsonObject keys)) {
      throw new IllegalArgumentException("subscription.keys: required, an object with p256dh and auth");
    }
    byte[] p256dh = key(keys.getValue("p256dh"), "subscription.keys.p256dh", P256.PUBLIC_KEY_BYTES);
    byte[] auth = key(keys.getValue("auth"), "subscription.keys.auth", AUTH_BYTES);
    Object payload = message.getValue("payload");
    byte[] bytes = payload == null ? null : payload instanceof String text ? text.getBytes(StandardCharsets.UTF_8)
        : Json.encode(payload).getBytes(StandardCharsets.UTF_8);
    Object ttl = message.getValue("ttl");
    if (ttl != null && (!(ttl instanceof Integer || ttl instanceof Long) || ((Number) ttl).longValue() < 0)) {
      throw new IllegalArgumentException("ttl: must be a whole number of seconds, 0 or more");
    }
    Object urgency = message.getValue("urgency");
    if (urgency != null && !URGENCIES.contains(urgency)) {
      throw new IllegalArgumentException("urgency: must be very-low, low, normal or high");
    }
    Object topic = message.getValue("topic");
    if (topic != null && !(topic instanceof String text && TOPIC.matcher(text).matches())) {
      throw new IllegalArgumentException("topic: at most 32 characters of A-Z, a-z, 0-9, '-' and '_'");
    }
    return new WebPushMessage(endpoint, p256dh, auth, bytes,
        ttl == null ? DEFAULT_TTL_SECONDS : ((Number) ttl).longValue(), (String) urgency, (String) topic);
  }

  /** The endpoint's origin, {@code scheme://host[:port]}, the port only when not the scheme's own. */
  String origin() {
    return WebPushOrigins.origin(endpoint);
  }

  private static URI endpoint(Object value) {
    if (value instanceof String text) {
      try {
        URI uri = new URI(text);
        if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
            && uri.getRawUserInfo() == null) {
          return uri;
        }
      } catch (URISyntaxException e) {
        // Refused below, like any other endpoint that is not an absolute URL.
      }
    }
    throw new IllegalArgumentException("subscription.endpoint: required, the absolute https URL of the push service");
  }

  private static byte[] key(Object value, String field, int length) {
    if (value instanceof String text) {
      try {
        byte[] bytes = P256.base64Url(text);
        if (bytes.length == length) {
          return bytes;
        }
      } catch (IllegalArgumentException e) {
        // Refused below.
      }
    }
    throw new IllegalArgumentException(field + ": required, " + length + " bytes in base64url");
  }
}
