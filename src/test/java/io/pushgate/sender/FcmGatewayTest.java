package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.config.ConfigException;
import io.pushgate.support.FakeFcm;
import io.pushgate.support.FakeFcm.Answer;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.pushgate.support.TestServiceAccount;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code fcm} target through a whole gateway: batches in over HTTP, messages out to the local FCM stand-in, whose
 * token endpoint is the service account's {@code token_uri}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("fcm targets end to end: batches, one access token per node, tokens to delete")
class FcmGatewayTest {

  private static final long WAIT_SECONDS = 15;
  private static TestServiceAccount account;

  @TempDir
  Path dir;

  private FakeFcm fcm;

  @BeforeAll
  static void generate() {
    account = TestServiceAccount.generate();
  }

  @BeforeEach
  void startFcm(Vertx vertx) throws Exception {
    fcm = new FakeFcm(account);
    vertx.deployVerticle(fcm).await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** A gateway with the target {@code android} of kind fcm at the stand-in; {@code tweak} may change its config. */
  private Future<TestGateway> gateway(Vertx vertx, Consumer<JsonObject> tweak) {
    JsonObject raw = TestConfigs.raw(fcm.url() + "/webhook");
    raw.getJsonObject("targets").put("android", TestConfigs.target(fcm.url()).put("kind", "fcm")
        .put("fcm", new JsonObject().put("serviceAccountPath", account.write(dir, fcm.tokenUri()).toString())));
    tweak.accept(raw);
    return TestGateway.start(vertx, TestConfigs.build(raw));
  }

  private TestGateway started(Vertx vertx) throws Exception {
    return gateway(vertx, raw -> { }).await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static JsonObject batch(JsonArray messages) {
    return new JsonObject().put("target", "android").put("messages", messages);
  }

  private static JsonArray notifications(String prefix, int count) {
    JsonArray messages = new JsonArray();
    for (int i = 0; i < count; i++) {
      messages.add(new JsonObject().put("token", prefix + i)
          .put("notification", new JsonObject().put("title", "Hello").put("body", "Message " + i))
          .put("data", new JsonObject().put("n", String.valueOf(i))));
    }
    return messages;
  }

  private static JsonObject push(TestGateway gateway, JsonArray messages) throws Exception {
    var response = gateway.post("/v1/push", batch(messages)).await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  @Test
  @DisplayName("a batch of 200 is delivered with one token request, each result keeping FCM's message name")
  void batch_with_one_token(Vertx vertx) throws Exception {
    TestGateway gateway = started(vertx);
    JsonObject summary = push(gateway, notifications("device-", 200));
    assertThat(summary.getInteger("delivered")).isEqualTo(200);
    assertThat(summary.getInteger("failed")).isZero();
    assertThat(summary.getInteger("tokenInvalid")).isZero();
    for (Object item : summary.getJsonArray("results")) {
      JsonObject result = (JsonObject) item;
      assertThat(result.getString("status")).isEqualTo("delivered");
      assertThat(result.getInteger("attempts")).isEqualTo(1);
      assertThat(result.getJsonObject("response").getString("name")).startsWith("projects/pushgate-test/messages/");
    }
    assertThat(fcm.tokenRequests()).isEqualTo(1);
    assertThat(fcm.refusedAssertions()).isEmpty();
    assertThat(fcm.sent()).hasSize(200);
    assertThat(fcm.sent().stream().map(FakeFcm.Sent::bearer).distinct()).hasSize(1);
    assertThat(fcm.sent()).extracting(sent -> sent.message().getString("token"))
        .containsExactlyInAnyOrderElementsOf(notifications("device-", 200).stream()
            .map(message -> ((JsonObject) message).getString("token")).toList());
    assertThat(fcm.malformed()).isZero();
    assertThat(fcm.unauthenticated()).isZero();

    push(gateway, notifications("again-", 50));
    assertThat(fcm.tokenRequests()).isEqualTo(1);
  }

  @Test
  @DisplayName("the token is refreshed ahead of its expiry, and no message carries an expired one")
  void refresh_before_expiry(Vertx vertx) throws Exception {
    // Refreshed min(5 min, L/2) = 1.5 s after it was asked for; never used past min(1 min, L/3) before its end.
    fcm.tokenLifetimeSeconds(3);
    TestGateway gateway = started(vertx);
    assertThat(push(gateway, notifications("first-", 20)).getInteger("delivered")).isEqualTo(20);
    assertThat(fcm.tokenRequests()).isEqualTo(1);

    // The timer's fetch, with no message asking for it.
    fcm.tokenRequestsReach(2).await(WAIT_SECONDS, TimeUnit.SECONDS);
    String first = fcm.sent().get(0).bearer();
    // The answer is on its way to the gateway: until it lands, the old token (still good) goes on being used.
    for (int round = 0; round < 50 && last().equals(first); round++) {
      assertThat(push(gateway, notifications("round-" + round + "-", 5)).getInteger("delivered")).isEqualTo(5);
    }
    assertThat(last()).isNotEqualTo(first);
    assertThat(fcm.unauthenticated()).isZero();
    assertThat(fcm.refusedAssertions()).isEmpty();
    assertThat(fcm.tokenRequests()).isEqualTo(2);
  }

  /** The bearer token of the last message the stand-in took. */
  private String last() {
    return fcm.sent().get(fcm.sent().size() - 1).bearer();
  }

  @Test
  @DisplayName("a token refused with 401 is refreshed once for every message that carried it, and all are sent")
  void refresh_on_401(Vertx vertx) throws Exception {
    TestGateway gateway = started(vertx);
    push(gateway, notifications("first-", 10));
    fcm.forgetAccessTokens();
    JsonObject summary = push(gateway, notifications("second-", 100));
    assertThat(summary.getInteger("delivered")).isEqualTo(100);
    for (Object item : summary.getJsonArray("results")) {
      assertThat(((JsonObject) item).getInteger("attempts")).isEqualTo(1);
    }
    assertThat(fcm.unauthenticated()).isPositive();
    assertThat(fcm.tokenRequests()).isEqualTo(2);
  }

  @Test
  @DisplayName("UNREGISTERED and invalid tokens come back failed with tokenInvalid, counted and not retried")
  void token_invalid(Vertx vertx) throws Exception {
    fcm.answerFor("gone", Answer.unregistered()).answerFor("garbage", Answer.invalidToken())
        .answerFor("bad-field", Answer.invalidField());
    TestGateway gateway = started(vertx);
    JsonArray messages = new JsonArray()
        .add(new JsonObject().put("token", "gone"))
        .add(new JsonObject().put("token", "fine"))
        .add(new JsonObject().put("token", "garbage"))
        .add(new JsonObject().put("token", "bad-field"))
        .add(new JsonObject().put("topic", "news"));
    JsonObject summary = push(gateway, messages);
    assertThat(summary.getInteger("delivered")).isEqualTo(2);
    assertThat(summary.getInteger("failed")).isEqualTo(3);
    assertThat(summary.getInteger("tokenInvalid")).isEqualTo(2);
    JsonArray results = summary.getJsonArray("results");
    JsonObject gone = results.getJsonObject(0);
    assertThat(gone.getString("status")).isEqualTo("failed");
    assertThat(gone.getBoolean("tokenInvalid")).isTrue();
    assertThat(gone.getInteger("httpStatus")).isEqualTo(404);
    assertThat(gone.getInteger("attempts")).isEqualTo(1);
    assertThat(gone.getString("detail")).isEqualTo("UNREGISTERED: Requested entity was not found.");
    assertThat(gone.getJsonObject("response").getJsonObject("error").getString("status")).isEqualTo("NOT_FOUND");
    assertThat(results.getJsonObject(2).getBoolean("tokenInvalid")).isTrue();
    assertThat(results.getJsonObject(2).getInteger("httpStatus")).isEqualTo(400);
    assertThat(results.getJsonObject(3).containsKey("tokenInvalid")).isFalse();
    assertThat(results.getJsonObject(3).getInteger("attempts")).isEqualTo(1);
    assertThat(results.getJsonObject(1).containsKey("tokenInvalid")).isFalse();
    assertThat(fcm.sendRequests()).isEqualTo(5);
    assertThat(gateway.metric("pushgate_tokens_invalid_total{target=\"android\"}")
        .await(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(2.0);
  }

  @Test
  @DisplayName("429 and 503 are retried after Retry-After, then delivered")
  void retried(Vertx vertx) throws Exception {
    fcm.thenAnswer(Answer.quotaExceeded(0), Answer.unavailable());
    TestGateway gateway = started(vertx);
    JsonObject summary = push(gateway, notifications("d-", 1));
    assertThat(summary.getInteger("delivered")).isEqualTo(1);
    assertThat(summary.getJsonArray("results").getJsonObject(0).getInteger("attempts")).isEqualTo(3);
  }

  @Test
  @DisplayName("messages FCM cannot take fail alone with invalid_message, nothing sent, the rest delivered")
  void bad_messages(Vertx vertx) throws Exception {
    TestGateway gateway = started(vertx);
    JsonArray messages = new JsonArray()
        .add(new JsonObject().put("notification", new JsonObject().put("title", "no token")))
        .add(new JsonObject().put("token", "a").put("topic", "b"))
        .add(new JsonObject().put("message", new JsonObject().put("token", "wrapped")))
        .add(new JsonObject().put("token", 42));
    JsonObject summary = push(gateway, messages);
    assertThat(summary.getInteger("failed")).isEqualTo(4);
    for (Object item : summary.getJsonArray("results")) {
      JsonObject result = (JsonObject) item;
      assertThat(result.getString("status")).isEqualTo("failed");
      assertThat(result.getString("error")).isEqualTo("invalid_message");
      assertThat(result.getInteger("attempts")).isZero();
      assertThat(result.getString("detail")).isNotBlank();
    }
    assertThat(summary.getJsonArray("results").getJsonObject(0).getString("detail"))
        .isEqualTo("the message has none of token, topic, condition: FCM needs exactly one");
    assertThat(fcm.sendRequests()).isZero();
    assertThat(fcm.tokenRequests()).isZero();

    messages.add(new JsonObject().put("token", "fine"));
    JsonObject mixed = push(gateway, messages);
    assertThat(mixed.getInteger("delivered")).isEqualTo(1);
    assertThat(fcm.sendRequests()).isEqualTo(1);
  }

  @Test
  @DisplayName("start-up fails naming the key when the service-account file is missing")
  void missing_service_account(Vertx vertx) {
    String missing = dir.resolve("nowhere.json").toString();
    Throwable failure = gateway(vertx, raw -> raw.getJsonObject("targets").getJsonObject("android")
        .getJsonObject("fcm").put("serviceAccountPath", missing)).toCompletionStage().toCompletableFuture()
        .handle((started, e) -> e).join();
    assertThat(failure).isInstanceOf(ConfigException.class);
    assertThat(((ConfigException) failure).problems()).singleElement().asString()
        .startsWith("targets.android.fcm.serviceAccountPath: cannot read " + missing);
  }

  @Test
  @DisplayName("start-up fails naming the key when a field is missing (client_id, which GoogleAuth needs)")
  void missing_client_id(Vertx vertx) {
    JsonObject json = account.json(fcm.tokenUri());
    json.remove("client_id");
    Path file = TestServiceAccount.write(dir.resolve("no-client-id.json"), json);
    Throwable failure = gateway(vertx, raw -> raw.getJsonObject("targets").getJsonObject("android")
        .getJsonObject("fcm").put("serviceAccountPath", file.toString())).toCompletionStage().toCompletableFuture()
        .handle((started, e) -> e).join();
    assertThat(failure).isInstanceOf(ConfigException.class);
    assertThat(((ConfigException) failure).problems())
        .containsExactly("targets.android.fcm.serviceAccountPath: " + file + ": client_id is missing");
  }

  @Test
  @DisplayName("start-up fails naming the key when the private key does not parse, without showing it")
  void bad_private_key(Vertx vertx) {
    Path file = TestServiceAccount.write(dir.resolve("bad.json"), account.json(fcm.tokenUri())
        .put("private_key", "-----BEGIN PRIVATE KEY-----\nU0VDUkVULU5PVC1BLUtFWQ==\n-----END PRIVATE KEY-----\n"));
    Throwable failure = gateway(vertx, raw -> raw.getJsonObject("targets").getJsonObject("android")
        .getJsonObject("fcm").put("serviceAccountPath", file.toString())).toCompletionStage().toCompletableFuture()
        .handle((started, e) -> e).join();
    assertThat(failure).isInstanceOf(ConfigException.class);
    assertThat(((ConfigException) failure).problems()).containsExactly("targets.android.fcm.serviceAccountPath: "
        + file + ": private_key is not a PKCS#8 RSA private key in PEM (\"-----BEGIN PRIVATE KEY-----\")");
    assertThat(failure.getMessage()).doesNotContain("U0VDUkVU");
  }
}
