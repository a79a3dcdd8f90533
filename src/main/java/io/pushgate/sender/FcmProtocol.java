package io.pushgate.sender;

import io.pushgate.bus.DeliveryError;
import io.pushgate.config.TargetConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Firebase Cloud Messaging, HTTP v1: each message is an FCM v1 {@code message} object ({@code token}, {@code topic}
 * or {@code condition}; {@code notification}, {@code data}, {@code android}, {@code apns}, {@code webpush}), POSTed
 * as {@code {"message": <the message, byte for byte>}} to {@code <url>/v1/projects/<project_id>/messages:send} with
 * {@code Authorization: Bearer <the node's access token>} ({@link FcmAccessTokens}).
 *
 * <p>Before the network: a message that is not a JSON object, or that has not exactly one of {@code token},
 * {@code topic}, {@code condition} as a non-empty string, is refused ({@code invalid_message}), nothing sent.
 *
 * <p>The answers ({@code error.status}, and the {@code errorCode} of a
 * {@code type.googleapis.com/google.firebase.fcm.v1.FcmError} in {@code error.details}):
 *
 * <table>
 *   <tr><th>answer</th><th>result</th></tr>
 *   <tr><td>2xx</td><td>delivered; the body ({@code {"name": "projects/.../messages/..."}}) kept as the
 *       response</td></tr>
 *   <tr><td>404 with {@code UNREGISTERED}; 400 with {@code UNREGISTERED} or {@code INVALID_ARGUMENT}, to a
 *       {@code token}</td><td>failed, {@code tokenInvalid}: the app is gone from the device, or the token is no
 *       FCM token; delete it</td></tr>
 *   <tr><td>400 otherwise (a bad field: {@code google.rpc.BadRequest}), 403 ({@code SENDER_ID_MISMATCH},
 *       {@code PERMISSION_DENIED}), 404 otherwise, other 4xx</td><td>failed, final: asking again gets the same
 *       answer</td></tr>
 *   <tr><td>401 with {@code THIRD_PARTY_AUTH_ERROR}</td><td>failed, final: the project's APNs or Web Push credentials
 *       are at fault, not the access token</td></tr>
 *   <tr><td>401 otherwise</td><td>the access token was refused: dropped, a new one fetched (once for every message
 *       that carried it) and the message sent again within the same attempt; a second 401 is final</td></tr>
 *   <tr><td>429 ({@code QUOTA_EXCEEDED}), 500 ({@code INTERNAL}), 503 ({@code UNAVAILABLE}), other 5xx</td>
 *       <td>retried, no sooner than {@code Retry-After}</td></tr>
 *   <tr><td>no answer, no access token</td><td>retried, as for every kind</td></tr>
 * </table>
 *
 * A failed answer's {@code detail} is its {@code errorCode} (or {@code status}) and {@code message}. One instance per
 * sender, on that sender's event loop; the access tokens are the node's.
 */
final class FcmProtocol implements TargetProtocol {

  static final String FCM_ERROR_TYPE = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
  private static final String[] TARGET_FIELDS = {"token", "topic", "condition"};
  private static final String APPLICATION_JSON = "application/json; charset=UTF-8";
  private static final String USER_AGENT = "pushgate";
  private static final Buffer WRAP_START = Buffer.buffer("{\"message\":");
  private static final Buffer WRAP_END = Buffer.buffer("}");

  private final Vertx vertx;
  private final BoundedExchange exchange;
  private final FcmAccessTokens tokens;
  private final String host;
  private final int port;
  private final boolean ssl;
  private final String path;
  private final MultiMap extraHeaders;

  FcmProtocol(Vertx vertx, BoundedExchange exchange, TargetConfig target, String projectId, FcmAccessTokens tokens) {
    this.vertx = vertx;
    this.exchange = exchange;
    this.tokens = tokens;
    EndpointAddress address = EndpointAddress.of(URI.create(target.url()));
    this.ssl = address.ssl();
    this.host = address.host();
    this.port = address.port();
    this.path = address.basePath() + "/v1/projects/" + URLEncoder.encode(projectId, StandardCharsets.UTF_8) + "/messages:send";
    this.extraHeaders = HttpHeaders.headers().addAll(target.headers());
  }

  @Override
  public AttemptResult refusal(Buffer body) {
    String problem = problem(decode(body));
    return problem == null ? null : AttemptResult.rejected(DeliveryError.INVALID_MESSAGE, problem);
  }

  @Override
  public Future<AttemptResult> attempt(Buffer body, String messageId, String requestId, long timeoutMs) {
    Object message = decode(body);
    String problem = problem(message);
    if (problem != null) {
      return Future.succeededFuture(AttemptResult.rejected(DeliveryError.INVALID_MESSAGE, problem));
    }
    boolean toToken = ((JsonObject) message).containsKey("token");
    Buffer request = Buffer.buffer(body.length() + WRAP_START.length() + WRAP_END.length())
        .appendBuffer(WRAP_START).appendBuffer(body).appendBuffer(WRAP_END);
    return send(request, toToken, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), true);
  }

  /** The message's JSON value, or {@code null} when it is not JSON. */
  private static Object decode(Buffer body) {
    try {
      return Json.decodeValue(body);
    } catch (DecodeException e) {
      return null;
    }
  }

  /** Why {@code message} is no FCM v1 message, or {@code null} when it is one. */
  static String problem(Object message) {
    if (!(message instanceof JsonObject json)) {
      return "an fcm message must be a JSON object: the FCM v1 message (token, topic or condition; notification, "
          + "data, android, apns, webpush)";
    }
    int targets = 0;
    for (String field : TARGET_FIELDS) {
      Object value = json.getValue(field);
      if (value == null) {
        continue;
      }
      if (!(value instanceof String text) || text.isBlank()) {
        return "the message's " + field + " must be a non-empty string";
      }
      targets++;
    }
    if (targets == 1) {
      return null;
    }
    if (targets > 1) {
      return "the message has more than one of token, topic, condition: FCM takes exactly one";
    }
    return json.getValue("message") instanceof JsonObject
        ? "the message has none of token, topic, condition: send the FCM v1 message itself, not {\"message\": ...}"
        : "the message has none of token, topic, condition: FCM needs exactly one";
  }

  /** One request with the node's token; on a 401 for the token, one more with a new one, within the deadline. */
  private Future<AttemptResult> send(Buffer request, boolean toToken, long deadlineNanos, boolean mayRefresh) {
    long leftMs = leftMs(deadlineNanos);
    if (leftMs <= 0) {
      return Future.succeededFuture(AttemptResult.unanswered(DeliveryError.TIMEOUT,
          "no whole answer within the attempt's time (an access token was refreshed on the way)"));
    }
    Future<String> token = tokens.token(vertx.getOrCreateContext());
    if (!token.isComplete()) {
      token = token.timeout(leftMs, TimeUnit.MILLISECONDS);
    }
    return token.transform(got -> {
      if (got.failed()) {
        return Future.succeededFuture(noToken(got.cause(), leftMs));
      }
      String bearer = got.result();
      return exchange.send(options(bearer), request, Math.max(1, leftMs(deadlineNanos))).transform(sent -> {
        if (sent.failed()) {
          return Future.succeededFuture(AttemptResults.unanswered(sent.cause()));
        }
        BoundedExchange.Answer answer = sent.result();
        if (mayRefresh && tokenRefused(answer)) {
          tokens.invalidate(bearer);
          return send(request, toToken, deadlineNanos, false);
        }
        return Future.succeededFuture(read(answer, toToken));
      });
    });
  }

  private RequestOptions options(String bearer) {
    MultiMap headers = HttpHeaders.headers().addAll(extraHeaders)
        .set(HttpHeaders.USER_AGENT, USER_AGENT)
        .set(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
        .set(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
    return new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(path).setSsl(ssl)
        .setFollowRedirects(false).setHeaders(headers);
  }

  private static AttemptResult noToken(Throwable failure, long waitedMs) {
    if (failure instanceof TimeoutException) {
      return AttemptResult.unanswered(DeliveryError.TIMEOUT, "no FCM access token within " + waitedMs + " ms");
    }
    return AttemptResult.unanswered(DeliveryError.CONNECTION_FAILED, String.valueOf(failure.getMessage()));
  }

  /** A 401 that blames the access token: any but FCM's {@code THIRD_PARTY_AUTH_ERROR}. */
  private static boolean tokenRefused(BoundedExchange.Answer answer) {
    return answer.status() == 401 && !"THIRD_PARTY_AUTH_ERROR".equals(FcmErrorBody.of(answer).errorCode());
  }

  /** The table of answers (see the class comment). */
  static AttemptResult read(BoundedExchange.Answer answer, boolean toToken) {
    AttemptResult result = AttemptResults.answered(answer);
    int status = answer.status();
    if (status >= 200 && status < 300) {
      return result;
    }
    FcmErrorBody error = FcmErrorBody.of(answer);
    result = result.withDetail(error.detail(status));
    String code = error.errorCode();
    boolean gone = status == 404 && "UNREGISTERED".equals(code)
        || status == 400 && ("UNREGISTERED".equals(code) || "INVALID_ARGUMENT".equals(code));
    if (gone && toToken) {
      return result.withTokenInvalid();
    }
    if (status == 429 || status >= 500) {
      return result.asRetryable();
    }
    return result.asFinal();
  }

  private static long leftMs(long deadlineNanos) {
    return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
  }

  /**
   * What an FCM error body says: {@code {"error": {"code", "message", "status", "details": [{"@type", "errorCode"}]}}}.
   *
   * @param errorCode the {@code errorCode} of the body's {@code FcmError} detail, or {@code null}
   */
  record FcmErrorBody(String status, String message, String errorCode) {

    private static final FcmErrorBody NONE = new FcmErrorBody(null, null, null);

    static FcmErrorBody of(BoundedExchange.Answer answer) {
      if (answer.cut() || answer.body().length() == 0) {
        return NONE;
      }
      try {
        Object json = Json.decodeValue(answer.body());
        if (!(json instanceof JsonObject body) || !(body.getValue("error") instanceof JsonObject error)) {
          return NONE;
        }
        String errorCode = null;
        if (error.getValue("details") instanceof JsonArray details) {
          for (Object detail : details) {
            if (detail instanceof JsonObject item && FCM_ERROR_TYPE.equals(item.getValue("@type"))
                && item.getValue("errorCode") instanceof String code) {
              errorCode = code;
            }
          }
        }
        return new FcmErrorBody(text(error.getValue("status")), text(error.getValue("message")), errorCode);
      } catch (DecodeException e) {
        return NONE;
      }
    }

    private static String text(Object value) {
      return value instanceof String text ? text : null;
    }

    /** {@code UNREGISTERED: Requested entity was not found.}, or what of it there is. */
    String detail(int httpStatus) {
      String what = errorCode != null ? errorCode : status != null ? status : "HTTP " + httpStatus;
      return message == null ? what : what + ": " + message;
    }
  }
}
