package io.pushgate.sender;

import io.pushgate.bus.DeliveryError;
import io.pushgate.config.TargetConfig;
import io.pushgate.observability.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;

/**
 * A plain JSON webhook: each message is POSTed as {@code application/json} to the target's URL, with the message id
 * in {@code Pushgate-Message-Id}, the request id in {@code X-Request-Id} and the target's extra headers; signed
 * with the Standard Webhooks headers when the target has a signing secret ({@link WebhookSigner}).
 */
final class JsonWebhookProtocol implements TargetProtocol {

  // WebClient takes header names and values as Strings only: pre-encoded CharSequences would buy nothing.
  private static final String CONTENT_TYPE = HttpHeaders.CONTENT_TYPE.toString();
  private static final String RETRY_AFTER = HttpHeaders.RETRY_AFTER.toString();
  private static final String APPLICATION_JSON = "application/json";

  private final WebClient client;
  private final String host;
  private final int port;
  private final String path;
  private final boolean ssl;
  private final MultiMap extraHeaders;
  private final int maxResponseBytes;
  private final WebhookSigner signer;

  JsonWebhookProtocol(WebClient client, TargetConfig target, int maxResponseBytes) {
    this.signer = target.signingSecrets().isEmpty() ? null : new WebhookSigner(target.signingSecrets());
    this.client = client;
    URI url = URI.create(target.url());
    this.ssl = "https".equals(url.getScheme());
    this.host = url.getHost();
    this.port = url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80;
    String rawPath = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    this.path = url.getRawQuery() == null ? rawPath : rawPath + "?" + url.getRawQuery();
    this.extraHeaders = HttpHeaders.headers().addAll(target.headers());
    this.maxResponseBytes = maxResponseBytes;
  }

  @Override
  public Future<AttemptResult> attempt(Buffer body, String messageId, String requestId, long timeoutMs) {
    HttpRequest<Buffer> request = client.post(port, host, path)
        .ssl(ssl)
        .timeout(timeoutMs)
        .putHeaders(extraHeaders)
        .putHeader(CONTENT_TYPE, APPLICATION_JSON)
        .putHeader(RequestIds.MESSAGE_ID_HEADER, messageId)
        .putHeader(RequestIds.HTTP_HEADER, requestId);
    if (signer != null) {
      long timestamp = System.currentTimeMillis() / 1000;
      request.putHeader(WebhookSigner.ID_HEADER, messageId)
          .putHeader(WebhookSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
          .putHeader(WebhookSigner.SIGNATURE_HEADER, signer.signature(messageId, timestamp, body));
    }
    try {
      return request.sendBuffer(body).map(this::answered).otherwise(JsonWebhookProtocol::unanswered);
    } catch (IllegalStateException closed) {
      // The client is closed: the sender is being undeployed while messages were still queued.
      return Future.succeededFuture(unanswered(closed));
    }
  }

  private AttemptResult answered(HttpResponse<Buffer> response) {
    Buffer whole = response.body() == null ? Buffer.buffer() : response.body();
    Buffer body = ResponseBodies.cut(whole, maxResponseBytes);
    boolean json = body.length() == whole.length() && ResponseBodies.isJson(body);
    return AttemptResult.answered(response.statusCode(), body, json,
        retryAfterMs(response.getHeader(RETRY_AFTER)));
  }

  private static AttemptResult unanswered(Throwable failure) {
    if (failure instanceof TimeoutException) {
      return AttemptResult.unanswered(DeliveryError.TIMEOUT, failure.getMessage());
    }
    return AttemptResult.unanswered(DeliveryError.CONNECTION_FAILED, String.valueOf(failure.getMessage()));
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date, in milliseconds; -1 when absent or unreadable. */
  static long retryAfterMs(String value) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    try {
      return Math.max(0, Long.parseLong(value.trim()) * 1000);
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
      } catch (DateTimeParseException notDate) {
        return -1;
      }
    }
  }
}
