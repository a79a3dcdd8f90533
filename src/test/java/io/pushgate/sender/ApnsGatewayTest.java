package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.config.ConfigException;
import io.pushgate.support.ApnsStandIn;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.pushgate.support.TestKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An {@code apns} target end to end: {@code POST /v1/push} through a whole gateway to the local APNs stand-in. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("APNs target through the gateway")
class ApnsGatewayTest {

  /** {@link TestConfigs#raw}'s sender count. */
  private static final int SENDERS = 2;

  @TempDir
  Path dir;
  private ApnsStandIn standIn;

  @AfterEach
  void stop() throws InterruptedException {
    if (standIn != null) {
      standIn.close();
    }
  }

  private TestGateway gateway(Vertx vertx, Consumer<JsonObject> tweakTarget) {
    JsonObject target = standIn.target();
    tweakTarget.accept(target);
    JsonObject raw = TestConfigs.raw("http://127.0.0.1:1/unused");
    raw.getJsonObject("targets").put("ios", target);
    return TestGateway.start(vertx, TestConfigs.build(raw)).await();
  }

  private static JsonObject message(String deviceToken, int n) {
    return new JsonObject().put("deviceToken", deviceToken)
        .put("payload", new JsonObject().put("aps", new JsonObject().put("alert", "Hello " + n)).put("n", n));
  }

  private static String device(int n) {
    return String.format("%064x", 0xabc000L + n);
  }

  private static JsonObject push(TestGateway gateway, List<JsonObject> messages) {
    HttpResponse<Buffer> response = gateway.post("/v1/push", new JsonObject().put("target", "ios")
        .put("messages", new JsonArray(List.copyOf(messages)))).await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static List<JsonObject> batch(int size) {
    return IntStream.range(0, size).mapToObj(n -> message(device(n), n)).toList();
  }

  @Test
  @DisplayName("500 messages: all delivered over a few HTTP/2 connections, many streams at once on each, within "
      + "the server's MAX_CONCURRENT_STREAMS, all with one provider token")
  void batch_over_few_connections(Vertx vertx) {
    int maxStreams = 10;
    standIn = ApnsStandIn.start(dir, maxStreams, false);
    TestGateway gateway = gateway(vertx, target -> { });
    JsonObject result = push(gateway, batch(500));
    assertThat(result.getInteger("delivered")).as(result.encode()).isEqualTo(500);
    JsonObject first = result.getJsonArray("results").getJsonObject(0);
    assertThat(first.getJsonObject("response").getString("apnsId"))
        .isEqualTo(ApnsProtocol.apnsId(result.getString("requestId") + "-0"));

    JsonObject stats = standIn.stats();
    assertThat(stats.getInteger("streams")).isEqualTo(500);
    assertThat(stats.getInteger("connections")).as("connections for 500 messages")
        .isBetween(1, SENDERS * ApnsKind.CONNECTIONS_PER_SENDER);
    assertThat(stats.getJsonObject("alpn").getInteger("h2")).isEqualTo(stats.getInteger("connections"));
    assertThat(stats.getInteger("maxConcurrentStreams")).as("streams at once on one connection")
        .isGreaterThan(1).isLessThanOrEqualTo(maxStreams);
    assertThat(stats.getInteger("tokens")).as("one provider token for every message").isEqualTo(1);
    assertThat(stats.getInteger("violationCount")).as(stats.encode()).isZero();
  }

  @Test
  @DisplayName("streams limited as APNs limits them (1 until a connection's first accepted notification and after "
      + "each refusal, then 50): every message gets its own answer in one attempt, refused streams sent again")
  void apns_like_stream_limits(Vertx vertx) {
    standIn = ApnsStandIn.start(dir, 50, true);
    TestGateway gateway = gateway(vertx, target -> { });
    List<JsonObject> messages = IntStream.range(0, 300)
        .mapToObj(n -> message(n % 10 == 9 ? "0410" + "f".repeat(56) + String.format("%04x", n) : device(n), n))
        .toList();
    JsonObject result = push(gateway, messages);
    assertThat(result.getInteger("delivered")).as(result.encode()).isEqualTo(270);
    assertThat(result.getInteger("tokenInvalid")).isEqualTo(30);
    JsonObject stats = standIn.stats();
    assertThat(result.getJsonArray("results").stream().map(r -> ((JsonObject) r).getInteger("attempts")))
        .as("a refused stream is sent again within its attempt").containsOnly(1);
    assertThat(stats.getInteger("settingsSent")).as("the limit moved").isGreaterThan(1);
    assertThat(stats.getInteger("maxConcurrentStreams")).isGreaterThan(1).isLessThanOrEqualTo(50);
    assertThat(stats.getInteger("violationCount")).isZero();
  }

  @Test
  @DisplayName("403 ExpiredProviderToken: the node renews its token once, however many messages were refused, and "
      + "every message is delivered")
  void expired_token_renewed_once(Vertx vertx) {
    standIn = ApnsStandIn.start(dir);
    TestGateway gateway = gateway(vertx, target -> { });
    assertThat(push(gateway, batch(20)).getInteger("delivered")).isEqualTo(20);
    standIn.expireTokensSeen();
    JsonObject result = push(gateway, batch(200));
    assertThat(result.getInteger("delivered")).as(result.encode()).isEqualTo(200);
    JsonObject stats = standIn.stats();
    assertThat(stats.getInteger("tokens")).as("the first token and its one renewal").isEqualTo(2);
    int expired = stats.getJsonObject("answers").getInteger("403");
    assertThat(expired).as("messages in flight with the old token").isPositive();
    assertThat(stats.getJsonObject("answers").getInteger("200")).isEqualTo(220);
    assertThat(result.getJsonArray("results").stream().map(r -> ((JsonObject) r).getInteger("attempts")))
        .as("the second send is inside the same attempt").containsOnly(1);
  }

  @Test
  @DisplayName("Unregistered, BadDeviceToken and DeviceTokenNotForTopic fail with tokenInvalid, counted in the "
      + "summary and the metric; another 400 fails with its reason; 429 and 500 are retried")
  void token_invalid(Vertx vertx) {
    standIn = ApnsStandIn.start(dir);
    TestGateway gateway = gateway(vertx, target -> { });
    List<String> devices = List.of("0410", "0400", "0401", "0402", "0429", "0500", "00aa").stream()
        .map(prefix -> prefix + "e".repeat(60)).toList();
    JsonObject result = push(gateway, IntStream.range(0, devices.size())
        .mapToObj(n -> message(devices.get(n), n)).toList());
    assertThat(result.getInteger("tokenInvalid")).as(result.encode()).isEqualTo(3);
    assertThat(result.getInteger("delivered")).isEqualTo(3);
    assertThat(result.getInteger("failed")).isEqualTo(4);
    JsonArray results = result.getJsonArray("results");
    for (int n = 0; n < 3; n++) {
      JsonObject dead = results.getJsonObject(n);
      assertThat(dead.getString("status")).isEqualTo("failed");
      assertThat(dead.getBoolean("tokenInvalid")).isTrue();
      assertThat(dead.getInteger("attempts")).isEqualTo(1);
      assertThat(dead.getString("detail")).endsWith(": delete this device token");
    }
    assertThat(results.getJsonObject(0).getJsonObject("response").getString("reason")).isEqualTo("Unregistered");
    assertThat(results.getJsonObject(0).getJsonObject("response").getLong("timestamp")).isPositive();
    JsonObject disallowed = results.getJsonObject(3);
    assertThat(disallowed.containsKey("tokenInvalid")).isFalse();
    assertThat(disallowed.getString("detail")).isEqualTo("APNs: TopicDisallowed");
    assertThat(disallowed.getInteger("httpStatus")).isEqualTo(400);
    assertThat(results.getJsonObject(4).getInteger("attempts")).as("429 retried").isEqualTo(2);
    assertThat(results.getJsonObject(5).getInteger("attempts")).as("500 retried").isEqualTo(2);
    assertThat(gateway.metric("pushgate_tokens_invalid_total{target=\"ios\"}").await()).isEqualTo(3.0);
    assertThat(standIn.stats().getInteger("violationCount")).isZero();
  }

  @Test
  @DisplayName("bad input: each bad message fails on its own with invalid_message or payload_too_large, 0 attempts, "
      + "nothing sent; the good one in the same batch is delivered")
  void bad_input(Vertx vertx) {
    standIn = ApnsStandIn.start(dir);
    TestGateway gateway = gateway(vertx, target -> { });
    JsonObject big = message(device(9), 9);
    big.getJsonObject("payload").put("blob", "x".repeat(5000));
    List<JsonObject> messages = List.of(
        new JsonObject().put("payload", new JsonObject().put("aps", new JsonObject())),
        new JsonObject().put("deviceToken", "zz-not-hex").put("payload", new JsonObject().put("aps", new JsonObject())),
        new JsonObject().put("deviceToken", device(2)),
        new JsonObject().put("deviceToken", device(3)).put("payload", "a string"),
        big,
        message(device(5), 5));
    JsonObject result = push(gateway, messages);
    assertThat(result.getInteger("delivered")).as(result.encode()).isEqualTo(1);
    JsonArray results = result.getJsonArray("results");
    for (int n = 0; n < 5; n++) {
      JsonObject bad = results.getJsonObject(n);
      assertThat(bad.getString("status")).isEqualTo("failed");
      assertThat(bad.getString("error")).isEqualTo(n == 4 ? "payload_too_large" : "invalid_message");
      assertThat(bad.getInteger("attempts")).isZero();
      assertThat(bad.getString("detail")).isNotBlank();
    }
    assertThat(results.getJsonObject(0).getString("detail")).startsWith("deviceToken is missing");
    JsonObject stats = standIn.stats();
    assertThat(stats.getInteger("streams")).as("only the good message was sent").isEqualTo(1);
    assertThat(stats.getInteger("violationCount")).isZero();
  }

  @Test
  @DisplayName("the gateway does not start when the .p8 is missing or is not an EC key, and says which key")
  void start_fails_on_a_bad_key(Vertx vertx) {
    standIn = ApnsStandIn.start(dir);
    String missing = dir.resolve("AuthKey_missing.p8").toString();
    assertThat(startFailure(vertx, target -> target.getJsonObject("apns").put("keyPath", missing)))
        .contains("targets.ios.apns.keyPath: cannot read " + missing);
    String rsa = TestKeys.write(dir.resolve("rsa.p8"), TestKeys.rsa().getPrivate()).toString();
    assertThat(startFailure(vertx, target -> target.getJsonObject("apns").put("keyPath", rsa)))
        .contains("targets.ios.apns.keyPath: " + rsa + " is not a PKCS#8 EC private key in PEM");
    assertThat(startFailure(vertx, target -> target.getJsonObject("apns").put("keyPath", rsa).put("keyId", "short")))
        .as("every problem at once").contains("targets.ios.apns.keyId: 'short' is not 10 upper-case letters")
        .contains("targets.ios.apns.keyPath: " + rsa);
  }

  private String startFailure(Vertx vertx, Consumer<JsonObject> tweakTarget) {
    JsonObject target = standIn.target();
    tweakTarget.accept(target);
    JsonObject raw = TestConfigs.raw("http://127.0.0.1:1/unused");
    raw.getJsonObject("targets").put("ios", target);
    Future<TestGateway> started = TestGateway.start(vertx, TestConfigs.build(raw));
    Throwable failure = started.transform(done -> Future.succeededFuture(done.cause())).await();
    assertThat(failure).isInstanceOf(ConfigException.class);
    return failure.getMessage();
  }
}
