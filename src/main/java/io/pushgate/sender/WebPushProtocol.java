package io.pushgate.sender;

import io.pushgate.bus.DeliveryError;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.lang.ref.WeakReference;
import java.security.GeneralSecurityException;

/**
 * Web Push (RFC 8030): each message is encrypted for its subscription ({@link WebPushEncryption}) and POSTed to the
 * subscription's endpoint with a VAPID {@code Authorization} ({@link VapidTokens}), its {@code TTL}, and its
 * {@code Urgency} and {@code Topic} when given. A message that is not one, whose payload does not fit, or whose
 * endpoint is not on an allowed push service is refused before any network call.
 *
 * <p>The push service's answers:
 * <ul>
 *   <li>201, 202 (any 2xx): delivered, that is, accepted by the push service;</li>
 *   <li>404, 410: the subscription is gone: failed, {@code tokenInvalid}, never retried;</li>
 *   <li>413: the payload is too large for this push service: failed, never retried;</li>
 *   <li>429, 5xx (and 408): retried with backoff and {@code Retry-After};</li>
 *   <li>400, 401, 403 and any other: failed, never retried (a bad request, a VAPID key the service refuses).</li>
 * </ul>
 */
final class WebPushProtocol implements TargetProtocol {

  private final BoundedExchange exchange;
  private final WebPushKind kind;
  /** The last message {@link #parse} read (its own copies of the bytes), and its buffer; on this event loop only. */
  private WeakReference<Buffer> lastBody;
  private WebPushMessage lastMessage;

  WebPushProtocol(BoundedExchange exchange, WebPushKind kind) {
    this.exchange = exchange;
    this.kind = kind;
  }

  @Override
  public AttemptResult refusal(Buffer body) {
    AttemptResult refused;
    try {
      refused = refusal(parse(body));
    } catch (IllegalArgumentException e) {
      refused = AttemptResult.rejected(DeliveryError.INVALID_MESSAGE, e.getMessage());
    }
    if (refused != null) {
      // Never sent: nothing will ask again, and a refused payload may be large.
      lastMessage = null;
    }
    return refused;
  }

  /**
   * The push service: the {@code allowedOrigins} entry the endpoint matched, so that a push service that fails opens
   * its own circuit only, and the number of circuits is bounded by the config, not by the endpoints callers send.
   */
  @Override
  public String circuitKey(Buffer body) {
    return kind.origins().entryFor(parse(body).origin());
  }

  /**
   * {@code body} read as a Web Push message. The breaker asks for the refusal and the circuit key before the
   * attempt, all three of the same buffer on this sender's event loop: the last one read is kept for the next ask.
   * The buffer is held weakly: it may be a slice of a whole request body, which must not outlive its request here.
   *
   * @throws IllegalArgumentException when it is not one
   */
  private WebPushMessage parse(Buffer body) {
    if (lastMessage == null || lastBody.get() != body) {
      lastMessage = null;
      WebPushMessage message = WebPushMessage.parse(body);
      lastBody = new WeakReference<>(body);
      lastMessage = message;
    }
    return lastMessage;
  }

  /** Why {@code message} cannot be sent: its endpoint not allowed, its payload too large; or {@code null}. */
  private AttemptResult refusal(WebPushMessage message) {
    String origin = message.origin();
    if (!kind.origins().allows(origin)) {
      return AttemptResult.rejected(DeliveryError.ENDPOINT_NOT_ALLOWED,
          "the endpoint's push service " + origin + " is not in the target's allowedOrigins");
    }
    if (message.payload() != null && message.payload().length > WebPushEncryption.MAX_PLAINTEXT_BYTES) {
      return AttemptResult.rejected(DeliveryError.PAYLOAD_TOO_LARGE, "a payload of " + message.payload().length
          + " bytes is over the " + WebPushEncryption.MAX_PLAINTEXT_BYTES + " whose encrypted body fits the 4096 "
          + "bytes every push service takes");
    }
    return null;
  }

  @Override
  public Future<AttemptResult> attempt(Buffer body, String messageId, String requestId, long timeoutMs) {
    WebPushMessage message;
    try {
      message = parse(body);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(AttemptResult.rejected(DeliveryError.INVALID_MESSAGE, e.getMessage()));
    }
    AttemptResult refused = refusal(message);
    if (refused != null) {
      return Future.succeededFuture(refused);
    }
    String origin = message.origin();
    MultiMap headers = HttpHeaders.headers()
        .set("TTL", Long.toString(message.ttlSeconds()))
        .set(HttpHeaders.AUTHORIZATION, kind.vapid().authorization(origin));
    if (message.urgency() != null) {
      headers.set("Urgency", message.urgency());
    }
    if (message.topic() != null) {
      headers.set("Topic", message.topic());
    }
    Buffer encrypted = Buffer.buffer();
    if (message.payload() != null) {
      try {
        encrypted = kind.encryption().encrypt(message.payload(), message.p256dh(), message.auth());
      } catch (GeneralSecurityException e) {
        return Future.succeededFuture(AttemptResult.rejected(DeliveryError.INVALID_MESSAGE,
            "subscription.keys.p256dh: " + e.getMessage()));
      }
      headers.set(HttpHeaders.CONTENT_ENCODING, "aes128gcm")
          .set(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
    }
    EndpointAddress endpoint = EndpointAddress.of(message.endpoint());
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(endpoint.host())
        .setPort(endpoint.port()).setSsl(endpoint.ssl()).setURI(endpoint.pathAndQuery())
        .setFollowRedirects(false).setHeaders(headers);
    return exchange.send(options, encrypted, timeoutMs)
        .map(answer -> read(AttemptResults.answered(answer)))
        .otherwise(AttemptResults::unanswered);
  }

  /** The push service's answer, by the table above. */
  static AttemptResult read(AttemptResult answer) {
    return switch (answer.httpStatus()) {
      case 404, 410 -> answer.withTokenInvalid();
      case 413 -> answer.asFinal().withDetail("the push service found the payload too large");
      default -> answer;
    };
  }
}
