package io.pushgate.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A target that hangs holds at most its share of the node's admission, so the other targets are still admitted: the
 * defaults' proportions (a node limit of twice {@code push.maxBatch}, the default share) at a small scale.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, unit = TimeUnit.SECONDS)
@DisplayName("A target that hangs holds at most its share of the node's admission")
class FairShareTest {

  private static final long WAIT_SECONDS = 10;

  private final FakeTarget healthy = new FakeTarget();
  private final FakeTarget hanging = new FakeTarget().hang();
  private TestGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.start(vertx, raw -> {
      raw.getJsonObject("push").put("maxBatch", 10);
      raw.put("limits", new JsonObject().put("maxInFlight", 20));
      // The held batches are cut at once when the test's Vertx closes, instead of after a 30 s drain.
      raw.put("shutdown", new JsonObject().put("drainMs", 0));
      raw.getJsonObject("targets").put("hanging", TestConfigs.target(hanging.url()).put("timeoutMs", 60_000));
    }, healthy, hanging);
  }

  private HttpResponse<Buffer> post(JsonObject batch) throws Exception {
    return gateway.post("/v1/push", batch).await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("with a hanging target at its share, a healthy target is admitted and the hanging one refused")
  void hanging_target_keeps_to_its_share() throws Exception {
    Future<HttpResponse<Buffer>> first = gateway.post("/v1/push", TestBatches.of("hanging", 5).put("timeoutMs", 60_000));
    Future<HttpResponse<Buffer>> second = gateway.post("/v1/push", TestBatches.of("hanging", 5).put("timeoutMs", 60_000));
    hanging.receivedAtLeast(10).await(WAIT_SECONDS, TimeUnit.SECONDS);

    HttpResponse<Buffer> other = post(TestBatches.of("default", 10));
    assertThat(other.statusCode()).as(other.bodyAsString()).isEqualTo(200);
    assertThat(other.bodyAsJsonObject().getInteger("delivered")).isEqualTo(10);

    // A short deadline, so that were it admitted, its answer would say so at once rather than after 60 s.
    HttpResponse<Buffer> refused = post(TestBatches.of("hanging", 1).put("timeoutMs", 500));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(429);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("overloaded");
    assertThat(refused.bodyAsJsonObject().getString("message"))
        .contains("target 'hanging'", "share", "10: 50% of 20");
    assertThat(first.isComplete() || second.isComplete()).as("the hanging batches are still held").isFalse();
    assertThat(hanging.requests()).as("the refused message was never sent").isEqualTo(10);
  }
}
