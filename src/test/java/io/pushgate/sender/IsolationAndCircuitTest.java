package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
@DisplayName("A failing target does not hold the others back, and its circuit opens")
class IsolationAndCircuitTest {

  private final AtomicBoolean broken = new AtomicBoolean(true);
  private final FakeTarget healthy = new FakeTarget();
  private final FakeTarget hanging = new FakeTarget().hang();
  private final FakeTarget flaky = new FakeTarget()
      .behave((request, attempt) -> broken.get() ? Reply.json(503, "{}") : Reply.json(200, "{}"));
  private TestGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.start(vertx, raw -> {
      raw.getJsonObject("senders").put("instances", 1);
      raw.getJsonObject("targets")
          .put("hanging", TestConfigs.target(hanging.url()).put("timeoutMs", 5000))
          .put("flaky", TestConfigs.target(flaky.url()).put("maxAttempts", 1)
              .put("circuitBreaker", new JsonObject().put("maxFailures", 3).put("resetTimeoutMs", 300)));
    }, healthy, hanging, flaky);
  }

  @Test
  @DisplayName("with a target hanging on every connection, a batch to a healthy one completes while it hangs")
  void hanging_target_does_not_slow_others() {
    // 64 messages fill every connection the one sender has to the hanging target (32) and queue the rest.
    Future<HttpResponse<Buffer>> stuck = gateway.post("/v1/push", TestBatches.of("hanging", 64).put("timeoutMs", 4000));
    hanging.receivedAtLeast(32).await();
    HttpResponse<Buffer> response = gateway.post("/v1/push", TestBatches.of("default", 500).put("timeoutMs", 4000))
        .await();
    assertThat(response.bodyAsJsonObject().getInteger("delivered")).isEqualTo(500);
    assertThat(stuck.isComplete()).as("the hanging batch is still waiting").isFalse();
  }

  @Test
  @DisplayName("failures open the circuit: messages fail at once with circuit_open; a probe closes it again")
  void circuit_opens_and_closes(Vertx vertx) {
    // Three failed deliveries in a row, one request each, so that the breaker counts each.
    for (int i = 0; i < 3; i++) {
      push("flaky", 1);
    }
    // Thousands queued behind an open circuit all fail at once: no recursion per queued message.
    JsonObject open = push("flaky", 3000);
    assertThat(open.getInteger("failed")).isEqualTo(3000);
    JsonObject result = open.getJsonArray("results").getJsonObject(0);
    assertThat(result.getString("error")).isEqualTo("circuit_open");
    assertThat(result.getInteger("attempts")).isZero();
    assertThat(flaky.requests()).as("no network call while open").isEqualTo(3);
    assertThat(circuitOf("flaky").await()).isEqualTo("open");
    broken.set(false);
    untilCircuit(vertx, "flaky", "half_open").await();
    assertThat(push("flaky", 1).getInteger("delivered")).as("the probe").isEqualTo(1);
    assertThat(push("flaky", 5).getInteger("delivered")).isEqualTo(5);
    assertThat(circuitOf("flaky").await()).isEqualTo("closed");
  }

  /** The summary of a batch of {@code size} messages to {@code target}, with a 4 s deadline. */
  private JsonObject push(String target, int size) {
    return gateway.post("/v1/push", TestBatches.of(target, size).put("timeoutMs", 4000)).await().bodyAsJsonObject();
  }

  private Future<String> circuitOf(String name) {
    return gateway.get("/v1/targets").map(response -> response.bodyAsJsonObject().getJsonArray("targets").stream()
        .map(JsonObject.class::cast).filter(t -> t.getString("name").equals(name)).findFirst().orElseThrow()
        .getString("circuit"));
  }

  /** Polls the target list until the circuit shows {@code state}; the breaker moves on its own timer. */
  private Future<Void> untilCircuit(Vertx vertx, String name, String state) {
    Promise<Void> reached = Promise.promise();
    vertx.setPeriodic(50, id -> circuitOf(name).onSuccess(current -> {
      if (current.equals(state) && reached.tryComplete()) {
        vertx.cancelTimer(id);
      }
    }));
    return reached.future();
  }
}
