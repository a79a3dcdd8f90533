package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pushgate.config.ConfigException;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.pushgate.support.TestJobs;
import io.pushgate.support.WebPushService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code webpush} kind end to end: a gateway posts to a local Web Push service ({@link WebPushService}) that
 * decrypts every payload and verifies every VAPID token with code that is not Pushgate's.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("Web Push targets: encrypted for each subscription, VAPID-signed, gone subscriptions named")
class WebPushTest {

  private static final long WAIT_SECONDS = 20;

  private String publicKey;
  private String privateKey;
  private WebPushService service;
  private TestGateway gateway;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    KeyPair vapid = P256.generate();
    publicKey = P256.base64Url(P256.raw((ECPublicKey) vapid.getPublic()));
    privateKey = P256.base64Url(scalar((ECPrivateKey) vapid.getPrivate()));
    service = WebPushService.start(vertx, publicKey);
    gateway = TestGateway.start(vertx, TestConfigs.build(config(publicKey, privateKey, service.origin())))
        .await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  /** A gateway whose {@code browsers} target is a Web Push target allowed to post to {@code origin}. */
  private static JsonObject config(String publicKey, String privateKey, String origin) {
    JsonObject raw = TestConfigs.raw("http://127.0.0.1:1/unused");
    raw.getJsonObject("targets").put("browsers", new JsonObject().put("kind", "webpush")
        .put("vapid", new JsonObject().put("publicKey", publicKey).put("privateKey", privateKey)
            .put("subject", "mailto:ops@example.com"))
        .put("allowedOrigins", new JsonArray().add(origin))
        .put("maxAttempts", 3).put("backoff", new JsonObject().put("initialMs", 1).put("maxMs", 20))
        .put("circuitBreaker", new JsonObject().put("maxFailures", 0)));
    return raw;
  }

  private JsonObject subscribe(int... answers) throws Exception {
    JsonArray list = new JsonArray();
    Arrays.stream(answers).forEach(list::add);
    return service.subscribe(list, 201).await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private JsonObject push(JsonArray messages) throws Exception {
    HttpResponse<Buffer> response = gateway.post("/v1/push", new JsonObject().put("target", "browsers")
        .put("messages", messages)).await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private JsonArray received() throws Exception {
    return service.received().await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("every payload decrypts with the subscription's key, under one VAPID token, with TTL, urgency and topic")
  void deliversEncryptedAndSigned() throws Exception {
    JsonArray messages = new JsonArray();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      JsonObject message = new JsonObject().put("subscription", subscribe());
      switch (i % 3) {
        case 0 -> {
          message.put("payload", new JsonObject().put("title", "Hello " + i).put("n", i));
          expected.add(new JsonObject().put("title", "Hello " + i).put("n", i).encode());
        }
        case 1 -> {
          message.put("payload", "plain text " + i + " é").put("urgency", "high").put("topic", "news-" + i);
          expected.add("plain text " + i + " é");
        }
        default -> {
          message.put("ttl", 60);
          expected.add(null);
        }
      }
      messages.add(message);
    }
    JsonObject batch = push(messages);
    assertThat(batch.getInteger("delivered")).as(batch.encodePrettily()).isEqualTo(40);
    assertThat(batch.getInteger("tokenInvalid")).isZero();
    JsonObject first = batch.getJsonArray("results").getJsonObject(0);
    assertThat(first.getInteger("httpStatus")).isEqualTo(201);
    assertThat(first.getInteger("attempts")).isEqualTo(1);

    JsonArray received = received();
    assertThat(received).hasSize(40);
    HashSet<String> tokens = new HashSet<>();
    HashSet<Integer> seen = new HashSet<>();
    for (Object entry : received) {
      JsonObject push = (JsonObject) entry;
      assertThat(push.getString("error")).as(push.encode()).isNull();
      assertThat(push.getInteger("status")).isEqualTo(201);
      tokens.add(push.getString("token"));
      int index = indexOf(messages, push.getString("id"));
      assertThat(seen.add(index)).as("message " + index + " pushed once").isTrue();
      assertThat(push.getString("payload")).as("message " + index).isEqualTo(expected.get(index));
      assertThat(push.getString("ttl")).isEqualTo(index % 3 == 2 ? "60" : "2419200");
      assertThat(push.getString("urgency")).isEqualTo(index % 3 == 1 ? "high" : null);
      assertThat(push.getString("topic")).isEqualTo(index % 3 == 1 ? "news-" + index : null);
    }
    assertThat(tokens).as("one VAPID token for the push service, not one per message").hasSize(1);
  }

  @Test
  @DisplayName("404 and 410 say the subscription is gone (tokenInvalid, counted), 429 is retried, 413 is final")
  void answers(Vertx vertx) throws Exception {
    JsonArray messages = new JsonArray()
        .add(new JsonObject().put("subscription", subscribe(410)).put("payload", "a"))
        .add(new JsonObject().put("subscription", subscribe(404)).put("payload", "b"))
        .add(new JsonObject().put("subscription", subscribe(429, 503)).put("payload", "c"))
        .add(new JsonObject().put("subscription", subscribe(413)).put("payload", "d"))
        .add(new JsonObject().put("subscription", subscribe(403)).put("payload", "e"));
    JsonObject batch = push(messages);
    JsonArray results = batch.getJsonArray("results");
    assertThat(batch.getInteger("tokenInvalid")).as(batch.encodePrettily()).isEqualTo(2);
    assertThat(results.getJsonObject(0).getString("status")).isEqualTo("failed");
    assertThat(results.getJsonObject(0).getBoolean("tokenInvalid")).isTrue();
    assertThat(results.getJsonObject(0).getInteger("attempts")).isEqualTo(1);
    assertThat(results.getJsonObject(1).getBoolean("tokenInvalid")).isTrue();
    assertThat(results.getJsonObject(2).getString("status")).isEqualTo("delivered");
    assertThat(results.getJsonObject(2).getInteger("attempts")).isEqualTo(3);
    assertThat(results.getJsonObject(3).getString("status")).isEqualTo("failed");
    assertThat(results.getJsonObject(3).getInteger("attempts")).isEqualTo(1);
    assertThat(results.getJsonObject(3).getString("detail")).contains("too large");
    assertThat(results.getJsonObject(4).getInteger("attempts")).isEqualTo(1);
    assertThat(results.getJsonObject(4).containsKey("tokenInvalid")).isFalse();
    assertThat(gateway.metric("pushgate_tokens_invalid_total{target=\"browsers\"}")
        .await(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(2.0);

    // The same through a job: its status counts them, its results name them.
    String jobId = TestJobs.submit(gateway, new JsonObject().put("target", "browsers").put("messages",
        new JsonArray().add(new JsonObject().put("subscription", subscribe(410)).put("payload", "f"))
            .add(new JsonObject().put("subscription", subscribe()).put("payload", "g"))))
        .await(WAIT_SECONDS, TimeUnit.SECONDS);
    JsonObject job = TestJobs.untilStatus(vertx, gateway, jobId, "completed").await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(job.getInteger("tokenInvalid")).as(job.encode()).isEqualTo(1);
    assertThat(job.getInteger("delivered")).isEqualTo(1);
    JsonArray jobResults = gateway.get("/v1/jobs/" + jobId + "/results").await(WAIT_SECONDS, TimeUnit.SECONDS)
        .bodyAsJsonObject().getJsonArray("results");
    assertThat(jobResults.getJsonObject(0).getBoolean("tokenInvalid")).isTrue();
    assertThat(jobResults.getJsonObject(1).containsKey("tokenInvalid")).isFalse();
  }

  @Test
  @DisplayName("a message without a subscription, with bad keys, too large or for another push service fails alone, unsent")
  void badMessages() throws Exception {
    JsonObject good = subscribe();
    JsonObject offCurve = good.copy();
    byte[] point = P256.base64Url(good.getJsonObject("keys").getString("p256dh"));
    point[64] ^= 1;
    offCurve.getJsonObject("keys").put("p256dh", P256.base64Url(point));
    JsonObject shortAuth = good.copy();
    shortAuth.getJsonObject("keys").put("auth", "c2hvcnQ");
    JsonObject elsewhere = good.copy().put("endpoint", "https://push.attacker.example/p/1");
    JsonArray messages = new JsonArray()
        .add(new JsonObject().put("payload", "no subscription"))
        .add(new JsonObject().put("subscription", offCurve).put("payload", "x"))
        .add(new JsonObject().put("subscription", shortAuth).put("payload", "x"))
        .add(new JsonObject().put("subscription", good).put("payload", "x".repeat(3994)))
        .add(new JsonObject().put("subscription", elsewhere).put("payload", "x"))
        .add(new JsonObject().put("subscription", "not an object"))
        .add(new JsonObject().put("subscription", good).put("payload", "fine").put("urgency", "asap"))
        .add(new JsonObject().put("subscription", good).put("payload", "x".repeat(3993)));
    JsonArray results = push(messages).getJsonArray("results");
    List<String> errors = IntStream.range(0, 7).mapToObj(i -> results.getJsonObject(i).getString("error")).toList();
    assertThat(errors).containsExactly("invalid_message", "invalid_message", "invalid_message", "payload_too_large",
        "endpoint_not_allowed", "invalid_message", "invalid_message");
    for (int i = 0; i < 7; i++) {
      assertThat(results.getJsonObject(i).getInteger("attempts")).as("message " + i).isZero();
      assertThat(results.getJsonObject(i).getString("detail")).as("message " + i).isNotBlank();
    }
    assertThat(results.getJsonObject(1).getString("detail")).contains("p256dh");
    assertThat(results.getJsonObject(4).getString("detail")).contains("https://push.attacker.example");
    assertThat(results.getJsonObject(7).getString("status")).isEqualTo("delivered");
    assertThat(received()).as("only the good message reached the push service").hasSize(1);

    // The relay route answers a refused message with the API's error shape.
    HttpResponse<Buffer> relayed = gateway.post("/v1/push/browsers", new JsonObject().put("payload", "x"))
        .await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(relayed.statusCode()).isEqualTo(400);
    assertThat(relayed.bodyAsJsonObject().getString("error")).isEqualTo("invalid_request");
    assertThat(relayed.bodyAsJsonObject().getString("message")).contains("subscription");
  }

  @Test
  @DisplayName("a bad message is named as such behind an open circuit, and never counts for or against the target")
  void refusalsBypassTheBreaker(Vertx vertx) throws Exception {
    // Servers of one Vert.x listening on port 0 may share a port: the gateway of @BeforeEach must not take requests.
    gateway.undeploy().await(WAIT_SECONDS, TimeUnit.SECONDS);
    JsonObject raw = config(publicKey, privateKey, service.origin());
    raw.getJsonObject("targets").getJsonObject("browsers").put("maxAttempts", 1)
        .put("circuitBreaker", new JsonObject().put("maxFailures", 2).put("resetTimeoutMs", 60_000));
    TestGateway guarded = TestGateway.start(vertx, TestConfigs.build(raw)).await(WAIT_SECONDS, TimeUnit.SECONDS);
    JsonObject down = service.subscribe(new JsonArray(), 500).await(WAIT_SECONDS, TimeUnit.SECONDS);
    JsonArray failing = new JsonArray();
    for (int i = 0; i < 3; i++) {
      failing.add(new JsonObject().put("subscription", down).put("payload", "x"));
    }
    JsonObject bad = new JsonObject().put("payload", "no subscription");
    HttpResponse<Buffer> answer = guarded.post("/v1/push", new JsonObject().put("target", "browsers")
        .put("messages", failing.add(bad))).await(WAIT_SECONDS, TimeUnit.SECONDS);
    JsonArray results = answer.bodyAsJsonObject().getJsonArray("results");
    assertThat(results.getJsonObject(3).getString("error")).isEqualTo("invalid_message");
    JsonObject next = guarded.post("/v1/push", new JsonObject().put("target", "browsers")
        .put("messages", new JsonArray().add(failing.getJsonObject(0)))).await(WAIT_SECONDS, TimeUnit.SECONDS)
        .bodyAsJsonObject().getJsonArray("results").getJsonObject(0);
    assertThat(next.getString("error")).as("the failures opened the circuit: " + next).isEqualTo("circuit_open");
    JsonObject behindOpen = guarded.post("/v1/push", new JsonObject().put("target", "browsers")
        .put("messages", new JsonArray().add(bad))).await(WAIT_SECONDS, TimeUnit.SECONDS).bodyAsJsonObject()
        .getJsonArray("results").getJsonObject(0);
    assertThat(behindOpen.getString("error")).as("not circuit_open").isEqualTo("invalid_message");
  }

  @Test
  @DisplayName("one circuit per push service: a failing one opens its own, and the other services' messages still go")
  void oneCircuitPerPushService(Vertx vertx) throws Exception {
    gateway.undeploy().await(WAIT_SECONDS, TimeUnit.SECONDS);
    FakeTarget down = new FakeTarget().respond(503, "down for maintenance");
    vertx.deployVerticle(down).await(WAIT_SECONDS, TimeUnit.SECONDS);
    String downOrigin = "http://127.0.0.1:" + down.port();
    JsonObject raw = config(publicKey, privateKey, service.origin());
    raw.getJsonObject("targets").getJsonObject("browsers").put("maxAttempts", 1)
        .put("allowedOrigins", new JsonArray().add(service.origin()).add(downOrigin))
        .put("circuitBreaker", new JsonObject().put("maxFailures", 2).put("resetTimeoutMs", 60_000));
    TestGateway guarded = TestGateway.start(vertx, TestConfigs.build(raw)).await(WAIT_SECONDS, TimeUnit.SECONDS);
    JsonObject healthy = subscribe();
    JsonObject atDown = healthy.copy().put("endpoint", downOrigin + "/push/subscription-1");

    JsonArray toDown = new JsonArray();
    for (int i = 0; i < 3; i++) {
      toDown.add(new JsonObject().put("subscription", atDown).put("payload", "x"));
    }
    List<String> downResults = new ArrayList<>();
    for (Object message : toDown) {
      // One at a time, so that the third comes after the two failures that open the circuit.
      JsonObject result = guarded.post("/v1/push", new JsonObject().put("target", "browsers")
              .put("messages", new JsonArray().add(message))).await(WAIT_SECONDS, TimeUnit.SECONDS)
          .bodyAsJsonObject().getJsonArray("results").getJsonObject(0);
      downResults.add(result.getString("error", result.getString("status") + " " + result.getInteger("httpStatus")));
    }
    assertThat(downResults).containsExactly("failed 503", "failed 503", "circuit_open");
    assertThat(down.requests()).isEqualTo(2);

    JsonArray toHealthy = new JsonArray().add(new JsonObject().put("subscription", healthy).put("payload", "a"))
        .add(new JsonObject().put("subscription", healthy).put("payload", "b"));
    JsonObject batch = guarded.post("/v1/push", new JsonObject().put("target", "browsers").put("messages", toHealthy))
        .await(WAIT_SECONDS, TimeUnit.SECONDS).bodyAsJsonObject();
    assertThat(batch.getInteger("delivered")).as(batch.encodePrettily()).isEqualTo(2);

    JsonObject listed = guarded.get("/v1/targets").await(WAIT_SECONDS, TimeUnit.SECONDS).bodyAsJsonObject()
        .getJsonArray("targets").stream().map(JsonObject.class::cast)
        .filter(target -> target.getString("name").equals("browsers")).findFirst().orElseThrow();
    assertThat(listed.getString("circuit")).as("the worst of its circuits").isEqualTo("open");
    assertThat(listed.getJsonObject("circuits")).isEqualTo(new JsonObject().put(downOrigin, "open"));
  }

  @Test
  @DisplayName("VAPID keys that do not parse or do not pair stop the start, naming the keys and never the secret")
  void badKeysStopTheStart(Vertx vertx) throws Exception {
    KeyPair other = P256.generate();
    String otherPublic = P256.base64Url(P256.raw((ECPublicKey) other.getPublic()));
    assertThatThrownBy(() -> TestGateway.start(vertx, TestConfigs.build(config(otherPublic, privateKey,
        service.origin()))).await(WAIT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("targets.browsers.vapid.publicKey: not the public key of vapid.privateKey");
    // With a missing key file of another target: one error names every bad key, files and keys alike.
    JsonObject bad = config("bm90LWEta2V5", "c2VjcmV0LXZhbHVl", "ftp://x");
    bad.getJsonObject("targets").put("android", new JsonObject().put("kind", "fcm")
        .put("fcm", new JsonObject().put("serviceAccountPath", "/nonexistent/service-account.json")));
    assertThatThrownBy(() -> TestGateway.start(vertx, TestConfigs.build(bad)).await(WAIT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.problems()).hasSize(4).contains(
              "targets.browsers.vapid.publicKey: not a P-256 public key in base64url (65 bytes, uncompressed)",
              "targets.browsers.vapid.privateKey: not a P-256 private key in base64url (32 bytes)",
              "targets.browsers.allowedOrigins: ftp://x must be an origin, scheme://host[:port], with no path");
          assertThat(e.problems()).anySatisfy(problem -> assertThat(problem)
              .startsWith("targets.android.fcm.serviceAccountPath: cannot read /nonexistent/service-account.json"));
        })
        .hasMessageNotContaining("c2VjcmV0LXZhbHVl");
  }

  private static int indexOf(JsonArray messages, String subscriptionId) {
    for (int i = 0; i < messages.size(); i++) {
      if (endpointId(messages.getJsonObject(i)).equals(subscriptionId)) {
        return i;
      }
    }
    throw new AssertionError("no message for subscription " + subscriptionId);
  }

  private static String endpointId(JsonObject message) {
    String endpoint = message.getJsonObject("subscription").getString("endpoint");
    return endpoint.substring(endpoint.lastIndexOf('/') + 1);
  }

  /** The private key's 32-byte scalar, as VAPID keys are written. */
  private static byte[] scalar(ECPrivateKey key) {
    byte[] bytes = key.getS().toByteArray();
    byte[] scalar = new byte[32];
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, scalar, 32 - length, length);
    return scalar;
  }
}
