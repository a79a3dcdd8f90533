package io.pushgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.Eventually;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 15, unit = TimeUnit.SECONDS)
@DisplayName("Health probes and the target list")
class HealthAndTargetsTest {

  private final FakeTarget target = new FakeTarget();
  private TestGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.start(vertx, raw -> raw.getJsonObject("targets").put("secret",
        TestConfigs.target("https://push.example.com:8443/send?token=abc")
            .put("headers", new JsonObject().put("Authorization", "Bearer s3cret"))), target);
  }

  @Test
  @DisplayName("live and ready answer 200 UP once deployed")
  void live_and_ready() {
    HttpResponse<Buffer> live = gateway.get("/health/live").await();
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.bodyAsJsonObject().getString("outcome")).isEqualTo("UP");
    HttpResponse<Buffer> ready = gateway.get("/health/ready").await();
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("outcome")).isEqualTo("UP");
  }

  @Test
  @DisplayName("GET /v1/cluster on a node on its own: not clustered, no members")
  void cluster_route_on_a_single_node() {
    HttpResponse<Buffer> listed = gateway.get("/v1/cluster").await();
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.getHeader("content-type")).isEqualTo("application/json");
    assertThat(listed.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("clustered", false).put("members", new JsonArray()));
  }

  @Test
  @DisplayName("while draining, ready is 503 and names the failing check; live stays up")
  void not_ready_while_draining() {
    gateway.state().markDraining();
    HttpResponse<Buffer> ready = gateway.get("/health/ready").await();
    assertThat(ready.statusCode()).isEqualTo(503);
    JsonObject body = ready.bodyAsJsonObject();
    assertThat(body.getString("outcome")).isEqualTo("DOWN");
    JsonObject failing = body.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(check -> "DOWN".equals(check.getString("status"))).findFirst().orElseThrow();
    assertThat(failing.getString("id")).isEqualTo("accepting");
    assertThat(gateway.get("/health/live").await().statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("GET /v1/targets: limits, counts and state, with credentials redacted")
  void target_list() {
    target.answerBy(request -> request.body().toJsonObject().getBoolean("bad", false)
        ? Reply.json(400, "{}") : Reply.json(200, "{}"));
    JsonObject batch = new JsonObject().put("messages", new JsonArray()
        .add(new JsonObject()).add(new JsonObject().put("bad", true)));
    gateway.post("/v1/push", batch).await();
    HttpResponse<Buffer> response = gateway.get("/v1/targets").await();
    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray targets = response.bodyAsJsonObject().getJsonArray("targets");
    JsonObject first = targets.getJsonObject(0);
    assertThat(first.getString("name")).isEqualTo("default");
    assertThat(first.getString("url")).isEqualTo(target.url());
    assertThat(first.getLong("delivered")).isEqualTo(1);
    assertThat(first.getLong("failed")).isEqualTo(1);
    assertThat(first.getLong("timedOut")).isZero();
    assertThat(first.getLong("inFlight")).isZero();
    assertThat(first.getString("circuit")).isEqualTo("closed");
    assertThat(first.getInteger("maxConnections")).isEqualTo(2 * 32);
    assertThat(first.getInteger("maxAttempts")).isEqualTo(3);
    assertThat(first.getString("kind")).isEqualTo("webhook");
    JsonObject secret = targets.getJsonObject(1);
    assertThat(secret.getString("url")).isEqualTo("https://push.example.com:8443/send?***");
    assertThat(secret.getJsonArray("headers")).containsExactly("Authorization");
    assertThat(response.bodyAsString()).doesNotContain("abc", "s3cret");
  }

  @Test
  @DisplayName("GET /v1/targets: latency p50 and p99 over the last minute, from the histogram /metrics shows")
  void target_latency(Vertx vertx) {
    JsonObject before = gateway.get("/v1/targets").await().bodyAsJsonObject().getJsonArray("targets").getJsonObject(0);
    assertThat(before.getValue("latencyMs")).as("no message completed yet").isNull();
    // 19 answers after 50 ms, one after 400 ms: the median near 50, the 99th percentile near 400.
    target.answerBy(request -> Reply.json(200, "{}").after(request.body().toJsonObject().getBoolean("slow", false)
        ? 400 : 50));
    JsonArray messages = new JsonArray();
    for (int i = 0; i < 19; i++) {
      messages.add(new JsonObject());
    }
    messages.add(new JsonObject().put("slow", true));
    gateway.post("/v1/push", new JsonObject().put("messages", messages)).await();
    JsonObject latency = Eventually.until(vertx, () -> gateway.get("/v1/targets").map(response -> response
            .bodyAsJsonObject().getJsonArray("targets").getJsonObject(0)), listed -> listed.getValue("latencyMs") != null)
        .await().getJsonObject("latencyMs");
    // No faster than the target answered, within a histogram bucket (about a fifth of the value); the median among
    // the fast ones, the 99th percentile in the slow one's bucket. Upper bounds leave room for a loaded machine.
    assertThat(latency.getDouble("p50")).isBetween(40.0, 300.0);
    assertThat(latency.getDouble("p99")).isBetween(320.0, 2000.0);
    JsonObject untouched = gateway.get("/v1/targets").await().bodyAsJsonObject().getJsonArray("targets")
        .getJsonObject(1);
    assertThat(untouched.getValue("latencyMs")).as("a target no message went to").isNull();
  }
}
