package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.bus.DeliveryError;
import io.pushgate.config.GatewayConfig;
import io.pushgate.config.TargetConfig;
import io.pushgate.support.ApnsStandIn;
import io.pushgate.support.TestConfigs;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ApnsProtocol} against the local APNs stand-in: one sender's protocol, on the client options {@link ApnsKind}
 * gives (HTTP/2, ALPN h2, TLS), each attempt made on a Vert.x context as a sender makes it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("APNs protocol: the request, the table of answers, bad input")
class ApnsProtocolTest {

  private static final String GOOD_DEVICE = "ab".repeat(32);

  @TempDir
  Path dir;
  private ApnsStandIn standIn;
  private ApnsKind kind;
  private TargetProtocol protocol;
  private HttpClient client;
  private Context context;

  @BeforeEach
  void start(Vertx vertx) {
    standIn = ApnsStandIn.start(dir);
    GatewayConfig config = TestConfigs.build(TestConfigs.raw("http://unused").put("targets",
        new JsonObject().put("ios", standIn.target())));
    TargetConfig target = config.targets().get("ios");
    KeyFiles files = KeyFiles.read(vertx, List.of(target)).await();
    assertThat(ApnsKind.problems(target, files)).isEmpty();
    kind = new ApnsKind(vertx, target, files);
    client = vertx.createHttpClient(
        kind.clientOptions(new HttpClientOptions().setTrustOptions(new PemTrustOptions().addCertPath(
            standIn.certPath()))),
        kind.poolOptions(new PoolOptions().setMaxWaitQueueSize(100)));
    protocol = kind.protocol(vertx, new BoundedExchange(vertx, client, 4096));
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.close().await();
    standIn.close();
  }

  /** One attempt, made on the test's context as a sender makes it on its event loop. */
  private AttemptResult attempt(JsonObject message, String messageId) {
    Promise<AttemptResult> result = Promise.promise();
    context.runOnContext(v -> protocol.attempt(message.toBuffer(), messageId, "req-1", 5000).onComplete(result));
    return result.future().await();
  }

  private static JsonObject message(String deviceToken) {
    return new JsonObject().put("deviceToken", deviceToken)
        .put("payload", new JsonObject().put("aps", new JsonObject().put("alert", "Hello")));
  }

  @ParameterizedTest(name = "{0}: {1} {2}")
  @DisplayName("the table of answers: what each APNs answer makes of the attempt")
  @CsvSource({
      // device token prefix, status, reason, retried, tokenInvalid, detail
      "00aa, 200, , false, false, ",
      "0410, 410, Unregistered, false, true, APNs: Unregistered: delete this device token",
      "0400, 400, BadDeviceToken, false, true, APNs: BadDeviceToken: delete this device token",
      "0401, 400, DeviceTokenNotForTopic, false, true, APNs: DeviceTokenNotForTopic: delete this device token",
      "0402, 400, TopicDisallowed, false, false, APNs: TopicDisallowed",
      "0429, 429, TooManyRequests, true, false, APNs: TooManyRequests",
      "0500, 500, InternalServerError, true, false, APNs: InternalServerError",
      "0503, 503, ServiceUnavailable, true, false, APNs: ServiceUnavailable"})
  void answers(String prefix, int status, String reason, boolean retried, boolean tokenInvalid, String detail) {
    AttemptResult result = attempt(message(prefix + "cd".repeat(30)), "req-1-0");
    assertThat(result.answered()).isTrue();
    assertThat(result.httpStatus()).isEqualTo(status);
    assertThat(result.success()).isEqualTo(status == 200);
    assertThat(RetryPolicy.retryable(result)).as("retried").isEqualTo(retried);
    assertThat(result.tokenInvalid()).as("tokenInvalid").isEqualTo(tokenInvalid);
    assertThat(result.detail()).isEqualTo(detail);
    assertThat(result.bodyJson()).isTrue();
    JsonObject body = result.body().toJsonObject();
    if (status == 200) {
      assertThat(body).isEqualTo(new JsonObject().put("apnsId", ApnsProtocol.apnsId("req-1-0")));
    } else {
      assertThat(body.getString("reason")).isEqualTo(reason);
    }
    assertThat(standIn.stats().getInteger("violationCount")).isZero();
  }

  @Test
  @DisplayName("the request: POST /3/device/<token>, the apns-* headers from the message, the payload as the body, "
      + "apns-id a UUID derived from the message id")
  void request_headers() {
    JsonObject payload = new JsonObject().put("aps", new JsonObject().put("alert", "Hi").put("sound", "default"))
        .put("orderId", 42);
    JsonObject full = new JsonObject().put("deviceToken", GOOD_DEVICE).put("payload", payload)
        .put("pushType", "voip").put("priority", 5).put("expiration", 1_900_000_000L).put("collapseId", "order-42")
        .put("topic", ApnsStandIn.VOIP_TOPIC);
    assertThat(attempt(full, "req-1-0").success()).isTrue();
    String uuid = "0b9c3e06-5a0e-4c54-9a4a-2f0d9e6f1c11";
    assertThat(attempt(message(GOOD_DEVICE), uuid.toUpperCase()).success()).isTrue();

    JsonArray requests = standIn.requests();
    JsonObject first = requests.getJsonObject(0);
    assertThat(first.getString("path")).isEqualTo("/3/device/" + GOOD_DEVICE);
    assertThat(first.getJsonObject("body")).isEqualTo(payload);
    String derived = UUID.nameUUIDFromBytes("req-1-0".getBytes(StandardCharsets.UTF_8)).toString();
    assertThat(first.getJsonObject("headers")).isEqualTo(new JsonObject()
        .put("apns-topic", ApnsStandIn.VOIP_TOPIC).put("apns-push-type", "voip").put("apns-priority", "5")
        .put("apns-expiration", "1900000000").put("apns-collapse-id", "order-42").put("apns-id", derived));
    assertThat(requests.getJsonObject(1).getJsonObject("headers")).as("the defaults").isEqualTo(new JsonObject()
        .put("apns-topic", ApnsStandIn.TOPIC).put("apns-push-type", "alert").put("apns-id", uuid));
    JsonObject stats = standIn.stats();
    assertThat(stats.getInteger("violationCount")).isZero();
    assertThat(stats.getInteger("tokens")).as("one provider token for both").isEqualTo(1);
    assertThat(stats.getJsonObject("alpn").getInteger("h2")).isEqualTo(1);
  }

  @Test
  @DisplayName("a stream refused unprocessed (REFUSED_STREAM) is sent again within the attempt, at most 5 times; "
      + "then the attempt failed to connect, which is retried")
  void refused_streams() {
    AttemptResult result = attempt(message("0007" + "cd".repeat(30)), "m-0");
    assertThat(result.answered()).isFalse();
    assertThat(result.failure()).isEqualTo(DeliveryError.CONNECTION_FAILED);
    assertThat(RetryPolicy.retryable(result)).isTrue();
    JsonObject stats = standIn.stats();
    assertThat(stats.getInteger("streams")).isEqualTo(1 + ApnsProtocol.MAX_REFUSED_RESENDS);
    assertThat(stats.getJsonObject("answers").getInteger("refused")).isEqualTo(6);
  }

  @Test
  @DisplayName("403 ExpiredProviderToken: the token renewed once and the message sent again in the same attempt; "
      + "the new one called expired too is not renewed again, and the attempt is final")
  void expired_token() {
    assertThat(attempt(message(GOOD_DEVICE), "m-0").success()).isTrue();
    standIn.expireTokensSeen();
    AttemptResult renewed = attempt(message(GOOD_DEVICE), "m-1");
    assertThat(renewed.success()).isTrue();
    assertThat(kind.tokens().signed()).isEqualTo(2);

    standIn.expireTokensSeen();
    AttemptResult expired = attempt(message(GOOD_DEVICE), "m-2");
    assertThat(expired.httpStatus()).isEqualTo(403);
    assertThat(expired.detail()).isEqualTo("APNs: ExpiredProviderToken");
    assertThat(RetryPolicy.retryable(expired)).isFalse();
    assertThat(kind.tokens().signed()).as("not renewed twice within 20 minutes").isEqualTo(2);

    JsonArray requests = standIn.requests();
    assertThat(requests.stream().map(r -> ((JsonObject) r).getInteger("status")).toList())
        .containsExactly(200, 403, 200, 403);
    String first = requests.getJsonObject(0).getString("bearer");
    assertThat(requests.getJsonObject(1).getString("bearer")).isEqualTo(first);
    assertThat(requests.getJsonObject(2).getString("bearer")).isNotEqualTo(first);
    assertThat(requests.getJsonObject(2).getJsonObject("headers").getString("apns-id"))
        .as("the same apns-id on the second send").isEqualTo(ApnsProtocol.apnsId("m-1"));
  }

  @ParameterizedTest(name = "{1}")
  @DisplayName("bad input is refused before the network, never retried, nothing sent")
  @CsvSource(delimiter = '|', value = {
      "{\"payload\": {\"aps\": {}}}"
          + "| deviceToken is missing: the device token, hex digits, is required | invalid_message",
      "{\"deviceToken\": \"not-hex\", \"payload\": {\"aps\": {}}}"
          + "| deviceToken must be hex digits (at most 200) | invalid_message",
      "{\"deviceToken\": \"abcd\"}"
          + "| payload is missing or not a JSON object: it is the notification, {\"aps\": {...}, ...} | invalid_message",
      "{\"deviceToken\": \"abcd\", \"payload\": [1]}"
          + "| payload is missing or not a JSON object: it is the notification, {\"aps\": {...}, ...} | invalid_message",
      "{\"deviceToken\": \"abcd\", \"payload\": {\"alert\": \"x\"}}"
          + "| payload.aps must be a JSON object (APNs needs it, e.g. {\"alert\": \"Hello\"}) | invalid_message",
      "{\"deviceToken\": \"abcd\", \"payload\": {\"aps\": {}}, \"priority\": 7}"
          + "| priority must be 10 (at once), 5 (power-friendly) or 1 (lowest) | invalid_message",
      "{\"deviceToken\": \"abcd\", \"payload\": {\"aps\": {}}, \"device_token\": \"abcd\"}"
          + "| unknown field 'device_token' (an apns message has deviceToken, payload, pushType, priority, "
          + "expiration, collapseId, topic) | invalid_message",
      "[1, 2] | an apns message is a JSON object with deviceToken and payload | invalid_message"})
  void bad_input(String message, String detail, String error) {
    Promise<AttemptResult> result = Promise.promise();
    context.runOnContext(v -> protocol.attempt(Buffer.buffer(message), "m", "req", 5000).onComplete(result));
    assertRejected(result.future().await(), error, detail);
  }

  @Test
  @DisplayName("a payload over 4096 bytes is payload_too_large, nothing sent; 4096 bytes go")
  void payload_too_large() {
    JsonObject payload = new JsonObject().put("aps", new JsonObject().put("alert", ""));
    int room = 4096 - payload.toBuffer().length();
    payload.getJsonObject("aps").put("alert", "x".repeat(room + 1));
    AttemptResult tooLarge = attempt(new JsonObject().put("deviceToken", GOOD_DEVICE).put("payload", payload),
        "m-0");
    assertRejected(tooLarge, "payload_too_large", "payload is 4097 bytes of JSON; APNs takes at most 4096");
    payload.getJsonObject("aps").put("alert", "x".repeat(room));
    assertThat(attempt(new JsonObject().put("deviceToken", GOOD_DEVICE).put("payload", payload), "m-1").success())
        .isTrue();
    assertThat(standIn.stats().getInteger("streams")).isEqualTo(1);
  }

  private void assertRejected(AttemptResult result, String error, String detail) {
    assertThat(result.failure()).isEqualTo(DeliveryError.valueOf(error.toUpperCase()));
    assertThat(result.detail()).isEqualTo(detail);
    assertThat(result.reachedNetwork()).isFalse();
    assertThat(RetryPolicy.retryable(result)).isFalse();
    assertThat(standIn.stats().getInteger("streams")).as("nothing sent").isZero();
  }

  @Test
  @DisplayName("apns-id: a UUID message id as is (lower case), any other the same name-based UUID every time")
  void apns_ids() {
    assertThat(ApnsProtocol.apnsId("0B9C3E06-5A0E-4C54-9A4A-2F0D9E6F1C11"))
        .isEqualTo("0b9c3e06-5a0e-4c54-9a4a-2f0d9e6f1c11");
    assertThat(ApnsProtocol.apnsId("req-1-0")).isEqualTo(ApnsProtocol.apnsId("req-1-0"))
        .isNotEqualTo(ApnsProtocol.apnsId("req-1-1"));
    assertThat(UUID.fromString(ApnsProtocol.apnsId("req-1-0")).version()).isEqualTo(3);
  }
}
