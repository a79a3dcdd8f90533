package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.HostileTarget;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Targets that break HTTP on purpose (a raw {@link HostileTarget}) hold neither the gateway's memory nor its
 * connections, and their broken answers end as clean outcomes.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("A hostile target cannot take the gateway down")
class HostileTargetTest {

  private static final long WAIT_SECONDS = 10;
  private static final int MAX_RESPONSE_BYTES = 4096;
  /** About 64 MB. */
  private static final int HUGE_CHUNKS = 1024;
  /** Far below the huge body: what socket buffers on both sides may hold when the gateway closes. */
  private static final long MOST_WRITTEN_PER_CONNECTION = 4L * 1024 * 1024;

  /**
   * Deploys {@code hostile}, then a gateway whose {@code default} target is it, with one attempt per message and no
   * breaker unless {@code tweak} (given the target's config) says otherwise.
   */
  private static TestGateway gateway(Vertx vertx, HostileTarget hostile, Consumer<JsonObject> tweak)
      throws Exception {
    vertx.deployVerticle(hostile).await(WAIT_SECONDS, TimeUnit.SECONDS);
    return GatewayFixture.start(vertx, raw -> {
      raw.getJsonObject("push").put("maxResponseBytes", MAX_RESPONSE_BYTES);
      JsonObject target = raw.getJsonObject("targets").getJsonObject("default")
          .put("url", hostile.url()).put("maxAttempts", 1);
      tweak.accept(target);
    }, new FakeTarget());
  }

  private static JsonObject push(TestGateway gateway, int messages, int timeoutMs) throws Exception {
    HttpResponse<Buffer> response = gateway.post("/v1/push", TestBatches.of(messages).put("timeoutMs", timeoutMs))
        .await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static JsonObject result(JsonObject summary, int index) {
    return summary.getJsonArray("results").getJsonObject(index);
  }

  private static String circuit(TestGateway gateway) throws Exception {
    return gateway.get("/v1/targets").await(WAIT_SECONDS, TimeUnit.SECONDS).bodyAsJsonObject()
        .getJsonArray("targets").getJsonObject(0).getString("circuit");
  }

  private static double metric(TestGateway gateway, String name) throws Exception {
    return gateway.metric(name).await(WAIT_SECONDS, TimeUnit.SECONDS);
  }


  @Test
  @DisplayName("a huge body is read only up to maxResponseBytes, then its connection is closed; 2xx stays healthy")
  void huge_body_is_cut_and_its_connection_closed(Vertx vertx) throws Exception {
    HostileTarget hostile = HostileTarget.hugeBody(HUGE_CHUNKS);
    TestGateway gateway = gateway(vertx, hostile, target -> target.put("timeoutMs", 5000)
        .put("circuitBreaker", new JsonObject().put("maxFailures", 2).put("resetTimeoutMs", 60_000)));

    for (int batch = 0; batch < 2; batch++) {
      JsonObject summary = push(gateway, 6, 8000);
      for (int i = 0; i < 6; i++) {
        JsonObject result = result(summary, i);
        assertThat(result.getString("status")).as(result.encode()).isEqualTo("delivered");
        assertThat(result.getInteger("httpStatus")).isEqualTo(200);
        String response = result.getString("response");
        // Cut at a whole character: 4096 bytes hold 1365 whole snowmen (4095 bytes).
        assertThat(response.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(MAX_RESPONSE_BYTES);
        assertThat(response).isEqualTo("\u2603".repeat(MAX_RESPONSE_BYTES / 3));
      }
    }
    assertThat(hostile.connections()).allSatisfy(connection -> assertThat(connection.written())
        .as("bytes the target wrote before the gateway went").isLessThan(MOST_WRITTEN_PER_CONNECTION));
    hostile.allClosed().await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(hostile.connections()).as("a cut connection is never reused").hasSize(hostile.requests());
    assertThat(circuit(gateway)).as("a 2xx with too long a body is no failure").isEqualTo("closed");
  }

  @Test
  @DisplayName("a body that trickles ends as a timeout after the attempt's timeout, and frees its connection")
  void trickling_body_times_out_and_frees_the_connection(Vertx vertx) throws Exception {
    HostileTarget hostile = HostileTarget.trickle(100);
    TestGateway gateway = gateway(vertx, hostile, target -> target.put("timeoutMs", 300));

    JsonObject summary = push(gateway, 4, 3000);
    for (int i = 0; i < 4; i++) {
      JsonObject result = result(summary, i);
      assertThat(result.getString("status")).as(result.encode()).isEqualTo("timeout");
      assertThat(result.getString("error")).as(result.encode()).isEqualTo("timeout");
      assertThat(result.getInteger("attempts")).isEqualTo(1);
    }
    hostile.allClosed().await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(metric(gateway, "pushgate_attempts_total{outcome=\"timeout\",target=\"default\"}")).isEqualTo(4.0);

    JsonObject next = push(gateway, 4, 3000);
    for (int i = 0; i < 4; i++) {
      assertThat(result(next, i).getInteger("attempts")).as("the connections were freed: %s", result(next, i))
          .isEqualTo(1);
    }
  }

  @Test
  @DisplayName("timeouts of a trickling target count for its circuit breaker")
  void trickling_body_opens_the_circuit(Vertx vertx) throws Exception {
    TestGateway gateway = gateway(vertx, HostileTarget.trickle(100), target -> target.put("timeoutMs", 300)
        .put("circuitBreaker", new JsonObject().put("maxFailures", 2).put("resetTimeoutMs", 60_000)));

    push(gateway, 4, 3000);
    assertThat(circuit(gateway)).isEqualTo("open");
    assertThat(result(push(gateway, 1, 3000), 0).getString("error")).isEqualTo("circuit_open");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"HTTP/1.1 999999 Unknown Status", "HTTP/1.1 0 Zero", "HTTP/1.1 99 Low", "HTTP/1.1 600 High",
      "HTTP/1.1 102 Processing", "HTTP/1.1 199 Informational",
      "HTTP/1.1 1000 Four Digits"})
  @DisplayName("in a batch, a final status outside 200-599 is a failed attempt, invalid_response, retried")
  void invalid_status_in_a_batch(String statusLine, Vertx vertx) throws Exception {
    HostileTarget hostile = HostileTarget.statusLine(statusLine);
    TestGateway gateway = gateway(vertx, hostile, target -> target.put("maxAttempts", 2));

    JsonObject result = result(push(gateway, 1, 5000), 0);
    assertThat(result.getString("status")).as(result.encode()).isEqualTo("failed");
    assertThat(result.getString("error")).as(result.encode()).isEqualTo("invalid_response");
    assertThat(result.containsKey("httpStatus")).as(result.encode()).isFalse();
    assertThat(result.getInteger("attempts")).as("retried like a failed connection").isEqualTo(2);
    assertThat(hostile.requests()).isEqualTo(2);
    assertThat(metric(gateway, "pushgate_attempts_total{outcome=\"invalid_response\",target=\"default\"}"))
        .isEqualTo(2.0);
    hostile.allClosed().await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"HTTP/1.1 999999 Unknown Status", "HTTP/1.1 0 Zero", "HTTP/1.1 600 High",
      "HTTP/1.1 102 Processing"})
  @DisplayName("on the relay route, a final status outside 200-599 is 502 upstream_invalid")
  void invalid_status_on_the_relay(String statusLine, Vertx vertx) throws Exception {
    TestGateway gateway = gateway(vertx, HostileTarget.statusLine(statusLine), target -> target.put("maxAttempts", 2));

    HttpResponse<Buffer> response = gateway.post("/v1/push/default", new JsonObject().put("user_id", "1"))
        .await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(502);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("upstream_invalid");
    assertThat(response.getHeader("Pushgate-Attempts")).isEqualTo("2");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"HTTP/1.1 abc OK", "HTTP/1.1 -1 Negative", "NOT-HTTP at all"})
  @DisplayName("a status line the HTTP client cannot parse ends as a clean failure, not a timeout")
  void unparsable_status_line(String statusLine, Vertx vertx) throws Exception {
    TestGateway gateway = gateway(vertx, HostileTarget.statusLine(statusLine), target -> target.put("maxAttempts", 2));

    JsonObject result = result(push(gateway, 1, 5000), 0);
    assertThat(result.getString("status")).as(result.encode()).isEqualTo("failed");
    assertThat(result.getString("error")).as(result.encode()).isIn("connection_failed", "invalid_response");
    HttpResponse<Buffer> relayed = gateway.post("/v1/push/default", new JsonObject().put("user_id", "1"))
        .await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(relayed.statusCode()).as(relayed.bodyAsString()).isEqualTo(502);
  }
}
