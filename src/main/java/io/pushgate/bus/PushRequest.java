package io.pushgate.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * One batch to push: the body of {@code POST /v1/push} or of a {@link Addresses#PUSH} message, with the request id
 * the gateway gave it.
 *
 * <p>Each message is held as the JSON bytes that will be POSTed to the target, so that a body received over HTTP is
 * forwarded exactly as it arrived. The buffers are never written after construction; treat them as read-only.
 *
 * @param requestId the id of the request, never {@code null}
 * @param target the name of a configured target
 * @param messages the message bodies, each one JSON object, in request order; never empty
 * @param timeoutMs the deadline the caller asked for, in milliseconds, or {@link #NO_TIMEOUT} for the default
 */
public record PushRequest(String requestId, String target, List<Buffer> messages, long timeoutMs) {

  /** The name of the target used when a request names none. */
  public static final String DEFAULT_TARGET = "default";
  /** {@link #timeoutMs()} when the caller gave none. */
  public static final long NO_TIMEOUT = 0;

  public static final String FIELD_TARGET = "target";
  public static final String FIELD_MESSAGES = "messages";
  public static final String FIELD_TIMEOUT = "timeoutMs";

  public PushRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(target, "target");
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw invalidMessages();
    }
    if (timeoutMs < 0) {
      throw invalidTimeout();
    }
  }

  /**
   * Reads the public request shape {@code {"target","messages","timeoutMs"}}.
   *
   * @throws GatewayException {@link FailureCode#INVALID_REQUEST} naming the field at fault
   */
  public static PushRequest fromJson(JsonObject body, String requestId) {
    String target = DEFAULT_TARGET;
    List<Buffer> messages = null;
    long timeoutMs = NO_TIMEOUT;
    for (String field : body.fieldNames()) {
      Object value = body.getValue(field);
      switch (field) {
        case FIELD_TARGET -> target = readTarget(value);
        case FIELD_MESSAGES -> messages = readMessages(value);
        case FIELD_TIMEOUT -> timeoutMs = readTimeout(value);
        default -> throw unknownField(field);
      }
    }
    if (messages == null) {
      throw missingMessages();
    }
    return new PushRequest(requestId, target, messages, timeoutMs);
  }

  private static String readTarget(Object value) {
    if (!(value instanceof String name) || name.isEmpty()) {
      throw invalidTarget();
    }
    return name;
  }

  private static List<Buffer> readMessages(Object value) {
    if (!(value instanceof JsonArray array)) {
      throw invalidMessages();
    }
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject)) {
        throw notAnObject(i);
      }
    }
    return MessageBytes.of(array);
  }

  private static long readTimeout(Object value) {
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() <= 0) {
      throw invalidTimeout();
    }
    return ((Number) value).longValue();
  }

  /** The error for a field the request shape does not have. */
  public static GatewayException unknownField(String field) {
    return GatewayException.invalid(field, "unknown field '" + field + "': expected target, messages, timeoutMs");
  }

  /** The error for a message that is not a JSON object. */
  public static GatewayException notAnObject(int index) {
    return GatewayException.invalid(FIELD_MESSAGES + "[" + index + "]", "every message must be a JSON object");
  }

  /** The error for a {@code messages} that is not an array, or an empty one. */
  public static GatewayException invalidMessages() {
    return GatewayException.invalid(FIELD_MESSAGES, "messages must be a non-empty array of JSON objects");
  }

  /** The error for a request without {@code messages}. */
  public static GatewayException missingMessages() {
    return GatewayException.invalid(FIELD_MESSAGES, "messages is required: a non-empty array of JSON objects");
  }

  /** The error for a {@code target} that is not a non-empty string. */
  public static GatewayException invalidTarget() {
    return GatewayException.invalid(FIELD_TARGET, "target must be a non-empty string");
  }

  /** The error for a {@code timeoutMs} that is not a positive integer. */
  public static GatewayException invalidTimeout() {
    return GatewayException.invalid(FIELD_TIMEOUT, "timeoutMs must be a positive integer (milliseconds)");
  }
}
