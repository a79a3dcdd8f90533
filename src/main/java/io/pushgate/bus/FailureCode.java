package io.pushgate.bus;

/**
 * Refusals and failures of the gateway itself, each with a stable snake_case {@link #error()} string and the HTTP
 * status it maps to. On the event bus {@link #code()} is the {@code failureCode} of the
 * {@link io.vertx.core.eventbus.ReplyException}, and it equals the HTTP status, so bus callers and HTTP clients read
 * the same number.
 *
 * <p>A target's own answer is never a {@code FailureCode}: it is a {@link SendOutcome}.
 */
public enum FailureCode {
  INVALID_REQUEST("invalid_request", 400),
  UNKNOWN_TARGET("unknown_target", 400),
  UNAUTHORIZED("unauthorized", 401),
  NOT_FOUND("not_found", 404),
  METHOD_NOT_ALLOWED("method_not_allowed", 405),
  /** Jobs: an {@code Idempotency-Key} given again with another body. */
  IDEMPOTENCY_CONFLICT("idempotency_conflict", 409),
  /** The request's head or body did not arrive within {@code http.requestReadTimeoutMs}. */
  REQUEST_TIMEOUT("request_timeout", 408),
  PAYLOAD_TOO_LARGE("payload_too_large", 413),
  TOO_MANY_MESSAGES("too_many_messages", 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
  /**
   * Too many messages in flight, across the gateway or for the target, or too many request or answer bytes held on
   * the node: try again later.
   */
  OVERLOADED("overloaded", 429),
  INTERNAL_ERROR("internal_error", 500),
  UPSTREAM_UNREACHABLE("upstream_unreachable", 502),
  /** Relay route: the target's answer was not HTTP (a final status outside 200-599), so there is nothing to pass on. */
  UPSTREAM_INVALID("upstream_invalid", 502),
  UNAVAILABLE("unavailable", 503),
  /** Jobs: the job store cannot be reached or refuses writes; nothing was accepted. */
  STORE_UNAVAILABLE("store_unavailable", 503),
  /** The gateway is shutting down: it finishes what it has and takes nothing new. */
  DRAINING("draining", 503),
  UPSTREAM_TIMEOUT("upstream_timeout", 504),
  GATEWAY_TIMEOUT("gateway_timeout", 504);

  private final String error;
  private final int httpStatus;

  FailureCode(String error, int httpStatus) {
    this.error = error;
    this.httpStatus = httpStatus;
  }

  /** The stable string clients match on, the {@code error} field of every JSON error. */
  public String error() {
    return error;
  }

  /** The HTTP status this failure is answered with. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The event-bus {@code failureCode}: the HTTP status, so both APIs report the same number. */
  public int code() {
    return httpStatus;
  }

  /** The constant whose {@link #error()} is {@code error}, or {@link #INTERNAL_ERROR} for an unknown string. */
  public static FailureCode fromError(String error) {
    for (FailureCode code : values()) {
      if (code.error.equals(error)) {
        return code;
      }
    }
    return INTERNAL_ERROR;
  }
}
