package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A target's circuit breaker is one per node, shared by every sender, and an open circuit never hides what the
 * target really did to a message that was sent.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
@DisplayName("One circuit breaker per target per node, and the real failure behind an open circuit")
class NodeCircuitBreakerTest {

  private static final long WAIT_SECONDS = 10;
  /** A URL whose port nothing listens on: every connection is refused. */
  private static final String CLOSED_PORT = "http://127.0.0.1:1/push";

  /**
   * A gateway with four senders whose {@code default} target is {@code target}, at {@code url} when given (a port
   * nothing listens on), with {@code maxFailures} and {@code maxAttempts}.
   */
  private static TestGateway gateway(Vertx vertx, FakeTarget target, String url, int maxFailures, int maxAttempts) {
    return GatewayFixture.start(vertx, raw -> {
      raw.getJsonObject("senders").put("instances", 4);
      JsonObject config = raw.getJsonObject("targets").getJsonObject("default").put("maxAttempts", maxAttempts)
          .put("circuitBreaker", new JsonObject().put("maxFailures", maxFailures).put("resetTimeoutMs", 60_000));
      if (url != null) {
        config.put("url", url);
      }
    }, target);
  }

  private static JsonObject push(TestGateway gateway, int messages) throws Exception {
    HttpResponse<Buffer> response = gateway.post("/v1/push", TestBatches.of(messages))
        .await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static double metric(TestGateway gateway, String name) throws Exception {
    return gateway.metric(name).await(WAIT_SECONDS, TimeUnit.SECONDS);
  }


  @Test
  @DisplayName("maxFailures failed attempts to a target on a node open its circuit, whichever senders made them")
  void breaker_counts_every_sender_of_the_node(Vertx vertx) throws Exception {
    FakeTarget target = new FakeTarget().respond(500, "{\"down\":true}");
    TestGateway gateway = gateway(vertx, target, null, 3, 1);

    // One-message batches go to the four senders in turn: a breaker per sender would see at most two failures each.
    for (int i = 0; i < 8; i++) {
      JsonObject result = push(gateway, 1).getJsonArray("results").getJsonObject(0);
      if (i < 3) {
        assertThat(result.getInteger("httpStatus")).as("batch %d: %s", i, result).isEqualTo(500);
        assertThat(result.getInteger("attempts")).isEqualTo(1);
      } else {
        assertThat(result.getString("error")).as("batch %d: %s", i, result).isEqualTo("circuit_open");
        assertThat(result.getInteger("attempts")).as("never sent").isZero();
      }
    }
    assertThat(target.requests()).isEqualTo(3);
    JsonObject listed = gateway.get("/v1/targets").await(WAIT_SECONDS, TimeUnit.SECONDS).bodyAsJsonObject()
        .getJsonArray("targets").getJsonObject(0);
    assertThat(listed.getString("circuit")).isEqualTo("open");
    assertThat(metric(gateway, "pushgate_circuit_state{target=\"default\"}")).isEqualTo(2.0);
    assertThat(metric(gateway, "pushgate_attempts_total{outcome=\"5xx\",target=\"default\"}")).isEqualTo(3.0);
  }

  @Test
  @DisplayName("a message that was sent and then had its retries stopped by the open circuit reports its real failure")
  void retries_cut_by_the_circuit_report_the_last_real_attempt(Vertx vertx) throws Exception {
    TestGateway gateway = gateway(vertx, new FakeTarget(), CLOSED_PORT, 5, 3);

    JsonObject summary = push(gateway, 100);
    int attempts = 0;
    int cut = 0;
    for (int i = 0; i < 100; i++) {
      JsonObject result = summary.getJsonArray("results").getJsonObject(i);
      attempts += result.getInteger("attempts");
      if (result.getInteger("attempts") == 0) {
        // Reached its sender after the circuit had opened: it never left the gateway.
        assertThat(result.getString("error")).as(result.encode()).isEqualTo("circuit_open");
        continue;
      }
      assertThat(result.getString("error")).as(result.encode()).isEqualTo("connection_failed");
      if (result.getInteger("attempts") < 3) {
        assertThat(result.getString("detail")).as(result.encode()).contains("retries stopped", "circuit");
        cut++;
      }
    }
    assertThat(cut).as("messages sent once whose retries the open circuit stopped").isPositive();
    assertThat(metric(gateway, "pushgate_attempts_total{outcome=\"connection_failed\",target=\"default\"}"))
        .as("every reported attempt was made").isEqualTo(attempts);
  }

  @Test
  @DisplayName("on the relay route, Pushgate-Attempts counts the attempts made before the circuit stopped the retries")
  void relay_counts_real_attempts(Vertx vertx) throws Exception {
    TestGateway gateway = gateway(vertx, new FakeTarget(), CLOSED_PORT, 1, 3);

    HttpResponse<Buffer> first = gateway.post("/v1/push/default", new JsonObject().put("user_id", "1"))
        .await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(502);
    assertThat(first.getHeader("Pushgate-Attempts")).isEqualTo("1");
    assertThat(first.bodyAsJsonObject().getString("message")).contains("retries stopped");

    HttpResponse<Buffer> next = gateway.post("/v1/push/default", new JsonObject().put("user_id", "2"))
        .await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(next.statusCode()).as("never sent: the circuit is open").isEqualTo(503);
    assertThat(next.getHeader("Pushgate-Attempts")).isEqualTo("0");
  }

  @Test
  @DisplayName("a timeout that a request's deadline cut short neither counts against the target nor clears its count")
  void cut_short_timeout_is_no_success(Vertx vertx) throws Exception {
    // Messages holding "hang" get no answer; every other message gets 500.
    FakeTarget target = new FakeTarget().answerBy(request -> request.body().toString().contains("hang") ? null
        : Reply.json(500, "{\"down\":true}"));
    TestGateway gateway = gateway(vertx, target, null, 3, 1);

    push(gateway, 1);
    push(gateway, 1);
    // Its 300 ms deadline cuts the attempt short of the target's 3 s timeoutMs.
    HttpResponse<Buffer> cut = gateway.post("/v1/push", new JsonObject().put("timeoutMs", 300)
        .put("messages", new JsonArray().add(new JsonObject().put("hang", true))))
        .await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(cut.bodyAsJsonObject().getInteger("timedOut")).as(cut.bodyAsString()).isEqualTo(1);
    assertThat(circuit(gateway)).as("not counted against the target").isEqualTo("closed");

    push(gateway, 1);
    assertThat(circuit(gateway)).as("three failures, the cut timeout between them cleared nothing").isEqualTo("open");
  }

  private static String circuit(TestGateway gateway) throws Exception {
    return gateway.get("/v1/targets").await(WAIT_SECONDS, TimeUnit.SECONDS).bodyAsJsonObject()
        .getJsonArray("targets").getJsonObject(0).getString("circuit");
  }
}
