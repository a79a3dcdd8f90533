package io.pushgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 15, unit = TimeUnit.SECONDS)
@DisplayName("POST /v1/push delivers batches and answers message by message")
class PushApiTest {

  private final FakeTarget target = new FakeTarget();
  private final FakeTarget silent = new FakeTarget().hang();
  private TestGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.start(vertx, raw -> TestConfigs.addTroubledTargets(raw, silent.url()), target, silent);
  }

  @Test
  @DisplayName("every message is delivered and answered in request order")
  void happy_path() {
    HttpResponse<Buffer> response = gateway.post("/v1/push", TestBatches.of(3)).await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).isEqualTo("application/json");
    JsonObject summary = response.bodyAsJsonObject();
    assertThat(summary.getString("requestId")).isEqualTo(response.getHeader("Pushgate-Request-Id"));
    assertThat(summary.getString("target")).isEqualTo("default");
    assertThat(summary.getInteger("total")).isEqualTo(3);
    assertThat(summary.getInteger("delivered")).isEqualTo(3);
    assertThat(summary.getInteger("failed")).isZero();
    assertThat(summary.getInteger("timedOut")).isZero();
    assertThat(summary.getLong("durationMs")).isNotNegative();
    JsonArray results = summary.getJsonArray("results");
    for (int i = 0; i < 3; i++) {
      JsonObject result = results.getJsonObject(i);
      assertThat(result.getInteger("index")).isEqualTo(i);
      assertThat(result.getString("status")).isEqualTo("delivered");
      assertThat(result.getInteger("httpStatus")).isEqualTo(200);
      assertThat(result.getInteger("attempts")).isEqualTo(1);
      assertThat(result.getLong("latencyMs")).isNotNegative();
      assertThat(result.getJsonObject("response")).isEqualTo(new JsonObject().put("ok", true));
      assertThat(result.containsKey("error")).isFalse();
    }
    assertThat(target.requests()).isEqualTo(3);
    Set<String> ids = target.received().stream().map(r -> r.header("Pushgate-Message-Id"))
        .collect(Collectors.toSet());
    assertThat(ids).hasSize(3).allMatch(id -> id.startsWith(summary.getString("requestId") + "-"));
    assertThat(target.received()).allMatch(r -> r.header("content-type").equals("application/json"));
  }

  @Test
  @DisplayName("message bodies reach the target byte for byte as the client sent them")
  void bodies_arrive_verbatim() {
    String first = "{ \"b\" : 1,\n  \"a\":\"h\\u00e9llo \u00e9\u2603\" }";
    String second = "{\"x\":[1, 2.50, {\"y\":null}],\"user_id\":\"7\"}";
    String body = "{\"messages\": [ " + first + " ,\t" + second + "], \"timeoutMs\": 4000}";
    target.answerBy(request -> Reply.json(200, "{\"ok\":true}"));
    HttpResponse<Buffer> response = gateway
        .postRaw("/v1/push", Buffer.buffer(body, "UTF-8"), "application/json; charset=utf-8").await();
    assertThat(response.bodyAsJsonObject().getInteger("delivered")).isEqualTo(2);
    List<String> bodies = target.received().stream().map(r -> r.body().toString(StandardCharsets.UTF_8))
        .sorted().toList();
    assertThat(bodies).containsExactly(first, second);
  }

  @Test
  @DisplayName("a 2000-message batch: every message delivered once, results index-aligned")
  void large_batch_nothing_lost_or_duplicated() {
    target.answerBy(request -> Reply.json(200, request.body().toString()));
    JsonArray messages = new JsonArray();
    IntStream.range(0, 2000).forEach(i -> messages.add(new JsonObject().put("seq", i)));
    JsonObject summary = gateway.post("/v1/push", new JsonObject().put("messages", messages)).await()
        .bodyAsJsonObject();
    assertThat(summary.getInteger("delivered")).as(summary.getJsonArray("results").getJsonObject(0).encode())
        .isEqualTo(2000);
    JsonArray results = summary.getJsonArray("results");
    for (int i = 0; i < 2000; i++) {
      assertThat(results.getJsonObject(i).getInteger("index")).isEqualTo(i);
      assertThat(results.getJsonObject(i).getJsonObject("response").getInteger("seq")).isEqualTo(i);
    }
    Set<Integer> seen = new HashSet<>();
    target.received().forEach(r -> seen.add(r.body().toJsonObject().getInteger("seq")));
    assertThat(target.requests()).isEqualTo(2000);
    assertThat(seen).hasSize(2000);
  }

  @Test
  @DisplayName("a partial failure: refused messages are failed with the target's answer and not retried")
  void partial_failure() {
    target.answerBy(request -> request.body().toJsonObject().getBoolean("bad", false)
        ? Reply.json(422, "{\"why\":\"bad token\"}") : Reply.json(200, "{\"ok\":true}"));
    JsonObject body = new JsonObject().put("messages", new JsonArray()
        .add(new JsonObject().put("n", 0))
        .add(new JsonObject().put("n", 1).put("bad", true))
        .add(new JsonObject().put("n", 2)));
    JsonObject summary = gateway.post("/v1/push", body).await().bodyAsJsonObject();
    assertThat(summary.getInteger("delivered")).isEqualTo(2);
    assertThat(summary.getInteger("failed")).isEqualTo(1);
    JsonObject refused = summary.getJsonArray("results").getJsonObject(1);
    assertThat(refused.getString("status")).isEqualTo("failed");
    assertThat(refused.getInteger("httpStatus")).isEqualTo(422);
    assertThat(refused.getInteger("attempts")).isEqualTo(1);
    assertThat(refused.getJsonObject("response")).isEqualTo(new JsonObject().put("why", "bad token"));
    assertThat(target.requests()).isEqualTo(3);
  }

  @Test
  @DisplayName("a 5xx is retried, with the same message id on every attempt, until it succeeds")
  void retry_then_success() {
    target.failFirst(2, 503);
    JsonObject summary = gateway.post("/v1/push", TestBatches.of(2)).await().bodyAsJsonObject();
    assertThat(summary.getInteger("delivered")).isEqualTo(2);
    assertThat(summary.getJsonArray("results").getJsonObject(0).getInteger("attempts")).isEqualTo(3);
    assertThat(target.requests()).isEqualTo(6);
    Set<String> ids = target.received().stream().map(r -> r.header("Pushgate-Message-Id"))
        .collect(Collectors.toSet());
    assertThat(ids).hasSize(2);
  }

  @Test
  @DisplayName("408 and 429 are retried; other 4xx are not")
  void which_statuses_are_retried() {
    target.answerBy(request -> {
      int status = request.body().toJsonObject().getInteger("status");
      return Reply.json(status, "{}");
    });
    JsonObject body = new JsonObject().put("messages", new JsonArray()
        .add(new JsonObject().put("status", 408))
        .add(new JsonObject().put("status", 429))
        .add(new JsonObject().put("status", 400))
        .add(new JsonObject().put("status", 404))
        .add(new JsonObject().put("status", 500)));
    JsonArray results = gateway.post("/v1/push", body).await().bodyAsJsonObject().getJsonArray("results");
    List<Integer> attempts = IntStream.range(0, 5).mapToObj(i -> results.getJsonObject(i).getInteger("attempts"))
        .toList();
    assertThat(attempts).containsExactly(3, 3, 1, 1, 3);
    assertThat(results.stream().map(r -> ((JsonObject) r).getString("status"))).containsOnly("failed");
  }

  @Test
  @DisplayName("a target that never answers times out on every attempt")
  void per_attempt_timeout() {
    JsonObject result = gateway.post("/v1/push", TestBatches.of(1).put("target", "silent")).await()
        .bodyAsJsonObject().getJsonArray("results").getJsonObject(0);
    assertThat(result.getString("status")).isEqualTo("timeout");
    assertThat(result.getString("error")).isEqualTo("timeout");
    assertThat(result.getInteger("attempts")).isEqualTo(2);
    assertThat(result.containsKey("httpStatus")).isFalse();
    assertThat(silent.requests()).isEqualTo(2);
  }

  @Test
  @DisplayName("the request deadline answers with what is done; the rest is timeout")
  void deadline_returns_partial_results() {
    target.answerBy(request -> request.body().toJsonObject().getBoolean("slow", false) ? null
        : Reply.json(200, "{\"ok\":true}"));
    JsonObject body = new JsonObject().put("timeoutMs", 400).put("messages", new JsonArray()
        .add(new JsonObject().put("n", 0))
        .add(new JsonObject().put("n", 1).put("slow", true))
        .add(new JsonObject().put("n", 2)));
    JsonObject summary = gateway.post("/v1/push", body).await().bodyAsJsonObject();
    assertThat(summary.getInteger("delivered")).isEqualTo(2);
    assertThat(summary.getInteger("timedOut")).isEqualTo(1);
    JsonObject slow = summary.getJsonArray("results").getJsonObject(1);
    assertThat(slow.getString("status")).isEqualTo("timeout");
    assertThat(slow.getString("error")).isIn("deadline_exceeded", "timeout");
    assertThat(summary.getJsonArray("results").getJsonObject(2).getString("status")).isEqualTo("delivered");
  }

  @Test
  @DisplayName("a target that refuses connections: failed with connection_failed after every attempt")
  void connection_failure() {
    JsonObject summary = gateway.post("/v1/push", TestBatches.of(2).put("target", "closed")).await()
        .bodyAsJsonObject();
    assertThat(summary.getInteger("failed")).isEqualTo(2);
    JsonObject result = summary.getJsonArray("results").getJsonObject(0);
    assertThat(result.getString("error")).isEqualTo("connection_failed");
    assertThat(result.getString("detail")).isNotBlank();
    assertThat(result.getInteger("attempts")).isEqualTo(3);
  }
}
