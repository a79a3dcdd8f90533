package io.pushgate.sender;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One APNs message as a caller gives it, checked before anything is sent:
 * <pre>{@code
 * {"deviceToken": "<hex>", "payload": {"aps": {...}, ...},
 *  "pushType"?: "alert", "priority"?: 10, "expiration"?: <unix seconds>, "collapseId"?: "...", "topic"?: "..."}
 * }</pre>
 *
 * @param deviceToken the device token, hex digits, as the app got it from APNs
 * @param payload the payload's JSON text, at most {@link #MAX_PAYLOAD_BYTES} bytes in UTF-8
 * @param pushType {@code apns-push-type}: the message's, else {@link #DEFAULT_PUSH_TYPE}
 * @param priority {@code apns-priority} (1, 5 or 10), or {@code null} for APNs' default (10)
 * @param expiration {@code apns-expiration} in unix seconds (0: deliver once or not at all), or {@code null}
 * @param collapseId {@code apns-collapse-id}, at most 64 bytes, or {@code null}
 * @param topic {@code apns-topic} when the message names one, else {@code null} (the target's then)
 */
record ApnsMessage(String deviceToken, Buffer payload, String pushType, Integer priority, Long expiration,
                   String collapseId, String topic) {

  /** APNs' limit on a payload (5120 bytes for VoIP pushes; this gateway keeps to the common limit). */
  static final int MAX_PAYLOAD_BYTES = 4096;
  static final String DEFAULT_PUSH_TYPE = "alert";
  private static final int MAX_COLLAPSE_ID_BYTES = 64;
  /** Device tokens are 64 hex digits today; Apple says their length may change, so a bound, not a length. */
  private static final Pattern DEVICE_TOKEN = Pattern.compile("[0-9a-fA-F]{1,200}");
  private static final Pattern PUSH_TYPE = Pattern.compile("[a-z]{1,32}");
  private static final Set<String> FIELDS = Set.of("deviceToken", "payload", "pushType", "priority", "expiration",
      "collapseId", "topic");
  private static final Set<Integer> PRIORITIES = Set.of(1, 5, 10);

  /** Why a message cannot be sent: a message for people, and whether it is only too large. */
  static final class Invalid extends Exception {
    private final boolean tooLarge;

    Invalid(String message, boolean tooLarge) {
      super(message, null, false, false);
      this.tooLarge = tooLarge;
    }

    boolean tooLarge() {
      return tooLarge;
    }
  }

  /** Reads and checks one message. */
  static ApnsMessage parse(Buffer body) throws Invalid {
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException notJson) {
      throw invalid("an apns message is a JSON object; this one is not JSON");
    }
    if (!(value instanceof JsonObject json)) {
      throw invalid("an apns message is a JSON object with deviceToken and payload");
    }
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw invalid("unknown field '" + field + "' (an apns message has " + String.join(", ", ordered()) + ")");
      }
    }
    Object token = json.getValue("deviceToken");
    if (!(token instanceof String deviceToken) || deviceToken.isEmpty()) {
      throw invalid("deviceToken is missing: the device token, hex digits, is required");
    }
    if (!DEVICE_TOKEN.matcher(deviceToken).matches()) {
      throw invalid("deviceToken must be hex digits (at most 200)");
    }
    if (!(json.getValue("payload") instanceof JsonObject payload)) {
      throw invalid("payload is missing or not a JSON object: it is the notification, {\"aps\": {...}, ...}");
    }
    if (!(payload.getValue("aps") instanceof JsonObject)) {
      throw invalid("payload.aps must be a JSON object (APNs needs it, e.g. {\"alert\": \"Hello\"})");
    }
    Buffer payloadText = payload.toBuffer();
    if (payloadText.length() > MAX_PAYLOAD_BYTES) {
      throw new Invalid("payload is " + payloadText.length() + " bytes of JSON; APNs takes at most "
          + MAX_PAYLOAD_BYTES, true);
    }
    return new ApnsMessage(deviceToken, payloadText, pushType(json), priority(json), expiration(json),
        collapseId(json), topic(json));
  }

  private static String pushType(JsonObject json) throws Invalid {
    Object value = json.getValue("pushType");
    if (value == null) {
      return DEFAULT_PUSH_TYPE;
    }
    if (!(value instanceof String type) || !PUSH_TYPE.matcher(type).matches()) {
      throw invalid("pushType must be an APNs push type, e.g. alert, background, voip");
    }
    return type;
  }

  private static Integer priority(JsonObject json) throws Invalid {
    Object value = json.getValue("priority");
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer priority) || !PRIORITIES.contains(priority)) {
      throw invalid("priority must be 10 (at once), 5 (power-friendly) or 1 (lowest)");
    }
    return priority;
  }

  private static Long expiration(JsonObject json) throws Invalid {
    Object value = json.getValue("expiration");
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
      throw invalid("expiration must be a UNIX time in seconds, or 0 (deliver once or not at all)");
    }
    return ((Number) value).longValue();
  }

  private static String collapseId(JsonObject json) throws Invalid {
    Object value = json.getValue("collapseId");
    if (value == null) {
      return null;
    }
    // A header value: visible ASCII only, or the HTTP client would refuse it and the attempt fail as the target's.
    if (!(value instanceof String id) || id.isEmpty() || id.length() > MAX_COLLAPSE_ID_BYTES
        || !id.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
      throw invalid("collapseId must be a string of 1-" + MAX_COLLAPSE_ID_BYTES + " visible ASCII characters");
    }
    return id;
  }

  private static String topic(JsonObject json) throws Invalid {
    Object value = json.getValue("topic");
    if (value == null) {
      return null;
    }
    if (!(value instanceof String topic) || !ApnsSigningKey.TOPIC.matcher(topic).matches()) {
      throw invalid("topic must be a bundle id, e.g. com.example.app or com.example.app.voip");
    }
    return topic;
  }

  private static Invalid invalid(String message) {
    return new Invalid(message, false);
  }

  private static String[] ordered() {
    return new String[] {"deviceToken", "payload", "pushType", "priority", "expiration", "collapseId", "topic"};
  }
}
