package io.pushgate.bus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A refusal or failure of the gateway, carrying a {@link FailureCode}, a message for people and, where one field of
 * the request is at fault, its name. It crosses the event bus as a {@link ReplyException} whose failure code is
 * {@link FailureCode#code()} and whose message is {@link #toJson()} encoded as text.
 */
public final class GatewayException extends RuntimeException {

  private final FailureCode code;
  private final String field;

  public GatewayException(FailureCode code, String message) {
    this(code, message, null);
  }

  public GatewayException(FailureCode code, String message, String field) {
    super(message, null, false, false);
    this.code = code;
    this.field = field;
  }

  /** A 400 {@link FailureCode#UNKNOWN_TARGET}: {@code name}, given in {@code field}, is no configured target. */
  public static GatewayException unknownTarget(String name, String field) {
    return new GatewayException(FailureCode.UNKNOWN_TARGET, "unknown target '" + name + "'", field);
  }

  /** A 400 {@link FailureCode#INVALID_REQUEST} about one field of the request. */
  public static GatewayException invalid(String field, String message) {
    return new GatewayException(FailureCode.INVALID_REQUEST, message, field);
  }

  public FailureCode code() {
    return code;
  }

  /** The request field at fault, or {@code null}. */
  public String field() {
    return field;
  }

  /** The JSON error shape shared by HTTP and the event bus: {@code error}, {@code message}, optional {@code field}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("error", code.error()).put("message", getMessage());
    if (field != null) {
      json.put("field", field);
    }
    return json;
  }

  /** Fails {@code message} with this exception's code and JSON text. */
  public void failReply(Message<?> message) {
    message.fail(code.code(), toJson().encode());
  }

  /**
   * Turns any failure of a bus request into a {@code GatewayException}: a recipient failure carrying our JSON error
   * keeps its code; a bus timeout becomes {@link FailureCode#GATEWAY_TIMEOUT}; no handler becomes
   * {@link FailureCode#UNAVAILABLE}; anything else is {@link FailureCode#INTERNAL_ERROR}.
   */
  public static GatewayException from(Throwable failure) {
    if (failure instanceof GatewayException gateway) {
      return gateway;
    }
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.TIMEOUT) {
        return new GatewayException(FailureCode.GATEWAY_TIMEOUT, "the gateway did not answer in time");
      }
      if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return new GatewayException(FailureCode.UNAVAILABLE, "no handler is available for the request");
      }
      if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        return fromJsonText(reply.getMessage());
      }
    }
    return new GatewayException(FailureCode.INTERNAL_ERROR, "internal error");
  }

  private static GatewayException fromJsonText(String text) {
    try {
      JsonObject json = new JsonObject(text);
      return new GatewayException(FailureCode.fromError(json.getString("error")), json.getString("message"),
          json.getString("field"));
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      return new GatewayException(FailureCode.INTERNAL_ERROR, "internal error");
    }
  }
}
