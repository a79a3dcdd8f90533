package io.pushgate.sender;

import io.pushgate.config.TargetConfig;
import io.pushgate.observability.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/**
 * A plain JSON webhook: each message is POSTed as {@code application/json} to the target's URL, with the message id
 * in {@code Pushgate-Message-Id}, the request id in {@code X-Request-Id} and the target's extra headers; signed
 * with the Standard Webhooks headers when the target has a signing secret ({@link WebhookSigner}). The answer is read
 * within the bounds of a {@link BoundedExchange}: whole within the attempt's timeout, at most the configured bytes
 * kept, a final status within 200-599.
 */
final class JsonWebhookProtocol implements TargetProtocol {

  private static final String APPLICATION_JSON = "application/json";
  private static final String USER_AGENT = "pushgate";

  private final BoundedExchange exchange;
  private final String host;
  private final int port;
  private final String path;
  private final boolean ssl;
  private final MultiMap extraHeaders;
  private final WebhookSigner signer;

  JsonWebhookProtocol(BoundedExchange exchange, TargetConfig target) {
    this.signer = target.signingSecrets().isEmpty() ? null : new WebhookSigner(target.signingSecrets());
    this.exchange = exchange;
    EndpointAddress address = EndpointAddress.of(URI.create(target.url()));
    this.ssl = address.ssl();
    this.host = address.host();
    this.port = address.port();
    this.path = address.pathAndQuery();
    this.extraHeaders = HttpHeaders.headers().addAll(target.headers());
  }

  @Override
  public Future<AttemptResult> attempt(Buffer body, String messageId, String requestId, long timeoutMs) {
    MultiMap headers = HttpHeaders.headers().addAll(extraHeaders)
        .set(HttpHeaders.USER_AGENT, USER_AGENT)
        .set(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
        .set(RequestIds.MESSAGE_ID_HEADER, messageId)
        .set(RequestIds.HTTP_HEADER, requestId);
    if (signer != null) {
      long timestamp = System.currentTimeMillis() / 1000;
      headers.set(WebhookSigner.ID_HEADER, messageId)
          .set(WebhookSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
          .set(WebhookSigner.SIGNATURE_HEADER, signer.signature(messageId, timestamp, body));
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
        .setURI(path).setSsl(ssl).setFollowRedirects(false).setHeaders(headers);
    return exchange.send(options, body, timeoutMs)
        .map(AttemptResults::answered)
        .otherwise(AttemptResults::unanswered);
  }
}
