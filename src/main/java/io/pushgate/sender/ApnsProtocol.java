package io.pushgate.sender;

import io.pushgate.bus.DeliveryError;
import io.pushgate.config.TargetConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * APNs' provider API, token-based: each message is {@code POST /3/device/<deviceToken>} over HTTP/2 (the client's
 * options are {@link ApnsKind}'s), its payload's JSON as the body, with
 * {@code authorization: bearer <provider token>} (the node's, from {@link ApnsTokens}), {@code apns-topic} (the
 * message's, else the target's), {@code apns-push-type} ({@code alert} unless the message says),
 * {@code apns-priority}, {@code apns-expiration} and {@code apns-collapse-id} when the message has them, and
 * {@code apns-id}: the message id when it is a UUID, else the name-based UUID (v3) of the message id, the same on
 * every attempt. A message that is not a valid APNs message ({@link ApnsMessage}) is refused before anything is sent.
 * A stream the server refused unprocessed is sent again within the attempt (see {@link #send}).
 *
 * <p>The answers ({@code reason} is the {@code {"reason": ...}} of APNs' error body):
 * <table>
 *   <tr><th>answer</th><th>attempt</th><th>result</th></tr>
 *   <tr><td>200</td><td>delivered</td><td>{@code response} {@code {"apnsId": <apns-id>}}</td></tr>
 *   <tr><td>410 (Unregistered), 400 BadDeviceToken, 400 DeviceTokenNotForTopic</td><td>final</td>
 *       <td>{@code tokenInvalid}: delete the token</td></tr>
 *   <tr><td>403 ExpiredProviderToken</td><td>the token renewed ({@link ApnsTokens#renewExpired}) and the message
 *       sent once more within the same attempt; final when the token may not be renewed yet</td><td></td></tr>
 *   <tr><td>429, 5xx</td><td>retried (by status)</td><td></td></tr>
 *   <tr><td>any other 4xx</td><td>final</td><td>{@code detail}: the reason</td></tr>
 *   <tr><td>the stream reset with REFUSED_STREAM</td><td>sent again within the attempt, at most
 *       {@link #MAX_REFUSED_RESENDS} times; then as no answer</td><td></td></tr>
 *   <tr><td>no answer</td><td>as for every target: {@link AttemptResults#unanswered}</td><td></td></tr>
 * </table>
 * Every answer other than 200 carries its reason in {@code detail}, and APNs' body in {@code response}.
 */
final class ApnsProtocol implements TargetProtocol {

  static final String DEVICE_PATH = "/3/device/";
  static final String APNS_ID = "apns-id";
  static final String APNS_TOPIC = "apns-topic";
  static final String APNS_PUSH_TYPE = "apns-push-type";
  static final String APNS_PRIORITY = "apns-priority";
  static final String APNS_EXPIRATION = "apns-expiration";
  static final String APNS_COLLAPSE_ID = "apns-collapse-id";
  static final String EXPIRED_PROVIDER_TOKEN = "ExpiredProviderToken";
  private static final String AUTHORIZATION = "authorization";
  /** HTTP/2's REFUSED_STREAM error code: the server did not process the stream. */
  private static final long REFUSED_STREAM = 0x7;
  /** The most times one attempt sends a message again after its stream was refused. */
  static final int MAX_REFUSED_RESENDS = 5;
  private static final Pattern UUID_TEXT = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final BoundedExchange exchange;
  private final ApnsTokens tokens;
  private final String topic;
  private final String host;
  private final int port;
  private final String pathPrefix;

  ApnsProtocol(BoundedExchange exchange, ApnsTokens tokens, TargetConfig target) {
    this.exchange = exchange;
    this.tokens = tokens;
    this.topic = target.apns().topic();
    // An https URL: checked at start (ApnsKind.problems).
    EndpointAddress address = EndpointAddress.of(URI.create(target.url()));
    this.host = address.host();
    this.port = address.port();
    this.pathPrefix = address.basePath();
  }

  @Override
  public AttemptResult refusal(Buffer body) {
    try {
      ApnsMessage.parse(body);
      return null;
    } catch (ApnsMessage.Invalid invalid) {
      return refused(invalid);
    }
  }

  /** A message APNs would never take, refused before anything is sent. */
  private static AttemptResult refused(ApnsMessage.Invalid invalid) {
    return AttemptResult.rejected(invalid.tooLarge() ? DeliveryError.PAYLOAD_TOO_LARGE : DeliveryError.INVALID_MESSAGE,
        invalid.getMessage());
  }

  @Override
  public Future<AttemptResult> attempt(Buffer body, String messageId, String requestId, long timeoutMs) {
    ApnsMessage message;
    try {
      message = ApnsMessage.parse(body);
    } catch (ApnsMessage.Invalid invalid) {
      return Future.succeededFuture(refused(invalid));
    }
    long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    String token = tokens.current();
    return send(message, messageId, token, deadlineNanos, MAX_REFUSED_RESENDS)
        .compose(answer -> {
          if (!expired(answer)) {
            return Future.succeededFuture(answer);
          }
          String renewed = tokens.renewExpired(token);
          // Once only, and only with another token: the same one would get the same answer.
          return renewed.equals(token) || System.nanoTime() >= deadlineNanos ? Future.succeededFuture(answer)
              : send(message, messageId, renewed, deadlineNanos, MAX_REFUSED_RESENDS);
        })
        .map(ApnsProtocol::answered)
        .otherwise(AttemptResults::unanswered);
  }

  /**
   * Sends the message and reads the answer by {@code deadlineNanos}. A stream the server refused (RST_STREAM
   * REFUSED_STREAM: APNs lowers a connection's stream limit to 1 after each refused notification, refusing the streams
   * already on their way) was not processed (RFC 9113, section 8.7), so it is sent again at once, within the same
   * attempt, up to {@code resends} times: the client has the lower limit by then and waits for a free stream.
   */
  private Future<BoundedExchange.Answer> send(ApnsMessage message, String messageId, String token, long deadlineNanos,
                                              int resends) {
    long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (leftMs <= 0) {
      return Future.failedFuture(new TimeoutException("no whole answer within the attempt's time"));
    }
    return exchange.send(request(message, messageId, token), message.payload(), leftMs)
        .recover(failure -> refused(failure) && resends > 0
            ? send(message, messageId, token, deadlineNanos, resends - 1) : Future.failedFuture(failure));
  }

  private static boolean refused(Throwable failure) {
    return failure instanceof StreamResetException reset && reset.getCode() == REFUSED_STREAM;
  }

  private RequestOptions request(ApnsMessage message, String messageId, String token) {
    MultiMap headers = HttpHeaders.headers()
        .set(AUTHORIZATION, "bearer " + token)
        .set(APNS_TOPIC, message.topic() != null ? message.topic() : topic)
        .set(APNS_PUSH_TYPE, message.pushType())
        .set(APNS_ID, apnsId(messageId));
    if (message.priority() != null) {
      headers.set(APNS_PRIORITY, message.priority().toString());
    }
    if (message.expiration() != null) {
      headers.set(APNS_EXPIRATION, message.expiration().toString());
    }
    if (message.collapseId() != null) {
      headers.set(APNS_COLLAPSE_ID, message.collapseId());
    }
    return new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setSsl(true)
        .setURI(pathPrefix + DEVICE_PATH + message.deviceToken()).setFollowRedirects(false).setHeaders(headers);
  }

  /** The {@code apns-id} of a message: its id when that is a UUID, else the name-based UUID of its id. */
  static String apnsId(String messageId) {
    if (UUID_TEXT.matcher(messageId).matches()) {
      return messageId.toLowerCase(Locale.ROOT);
    }
    return UUID.nameUUIDFromBytes(messageId.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static boolean expired(BoundedExchange.Answer answer) {
    return answer.status() == 403 && EXPIRED_PROVIDER_TOKEN.equals(reason(answer));
  }

  /** One answer read by the table in the class comment. */
  static AttemptResult answered(BoundedExchange.Answer answer) {
    if (answer.status() == 200) {
      Buffer delivered = new JsonObject().put("apnsId", answer.headers().get(APNS_ID)).toBuffer();
      return AttemptResult.answered(200, delivered, true, -1);
    }
    AttemptResult result = AttemptResults.answered(answer);
    String reason = reason(answer);
    String detail = reason == null ? "APNs answered " + answer.status() + " without a reason" : "APNs: " + reason;
    if (tokenInvalid(answer.status(), reason)) {
      return result.withTokenInvalid().withDetail(detail + ": delete this device token");
    }
    return result.withDetail(detail);
  }

  /** Unregistered (410), BadDeviceToken or DeviceTokenNotForTopic (400): the token will never work again. */
  static boolean tokenInvalid(int status, String reason) {
    return status == 410
        || status == 400 && ("BadDeviceToken".equals(reason) || "DeviceTokenNotForTopic".equals(reason));
  }

  /** APNs' {@code reason}, or {@code null} when the body has none. */
  private static String reason(BoundedExchange.Answer answer) {
    if (answer.cut() || answer.body() == null || answer.body().length() == 0) {
      return null;
    }
    try {
      Object reason = new JsonObject(answer.body()).getValue("reason");
      return reason instanceof String text ? text : null;
    } catch (DecodeException | ClassCastException notJson) {
      return null;
    }
  }
}
