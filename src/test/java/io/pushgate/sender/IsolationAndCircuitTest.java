package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
@DisplayName("A failing target does not hold the others back, and its circuit opens")
class IsolationAndCircuitTest {

  private final AtomicBoolean broken = new AtomicBoolean(true);
  private FakeTarget healthy;
  private FakeTarget hanging;
  private FakeTarget flaky;
  private TestGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    healthy = new FakeTarget();
    hanging = new FakeTarget().hang();
    flaky = new FakeTarget().behave((request, attempt) -> broken.get() ? Reply.json(503, "{}") : Reply.json(200, "{}"));
    vertx.deployVerticle(healthy)
        .compose(id -> vertx.deployVerticle(hanging))
        .compose(id -> vertx.deployVerticle(flaky))
        .compose(id -> {
          JsonObject raw = TestConfigs.raw(healthy.url());
          raw.getJsonObject("senders").put("instances", 1);
          raw.getJsonObject("targets")
              .put("hanging", TestConfigs.target(hanging.url()).put("timeoutMs", 5000))
              .put("flaky", TestConfigs.target(flaky.url()).put("maxAttempts", 1)
                  .put("circuitBreaker", new JsonObject().put("maxFailures", 3).put("resetTimeoutMs", 300)));
          return TestGateway.start(vertx, TestConfigs.build(raw));
        })
        .onComplete(ctx.succeeding(started -> {
          gateway = started;
          ctx.completeNow();
        }));
  }

  @Test
  @DisplayName("with a target hanging on every connection, a batch to a healthy one completes while it hangs")
  void hanging_target_does_not_slow_others(VertxTestContext ctx) {
    // 64 messages fill every connection the one sender has to the hanging target (32) and queue the rest.
    Future<HttpResponse<Buffer>> stuck = gateway.post("/v1/push", TestBatches.of("hanging", 64).put("timeoutMs", 4000));
    hanging.receivedAtLeast(32)
        .compose(v -> gateway.post("/v1/push", TestBatches.of("default", 500).put("timeoutMs", 4000)))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.bodyAsJsonObject().getInteger("delivered")).isEqualTo(500);
          assertThat(stuck.isComplete()).as("the hanging batch is still waiting").isFalse();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("failures open the circuit: messages fail at once with circuit_open; a probe closes it again")
  void circuit_opens_and_closes(Vertx vertx, VertxTestContext ctx) {
    pushOneByOne(3)
        // Thousands queued behind an open circuit all fail at once: no recursion per queued message.
        .compose(v -> gateway.post("/v1/push", TestBatches.of("flaky", 3000).put("timeoutMs", 4000)))
        .compose(open -> {
          ctx.verify(() -> {
            JsonObject summary = open.bodyAsJsonObject();
            assertThat(summary.getInteger("failed")).isEqualTo(3000);
            JsonObject result = summary.getJsonArray("results").getJsonObject(0);
            assertThat(result.getString("error")).isEqualTo("circuit_open");
            assertThat(result.getInteger("attempts")).isZero();
            assertThat(flaky.requests()).as("no network call while open").isEqualTo(3);
          });
          return circuitOf("flaky");
        })
        .compose(state -> {
          ctx.verify(() -> assertThat(state).isEqualTo("open"));
          broken.set(false);
          return untilCircuit(vertx, "flaky", "half_open");
        })
        .compose(v -> gateway.post("/v1/push", TestBatches.of("flaky", 1).put("timeoutMs", 4000)))
        .compose(probe -> {
          ctx.verify(() -> assertThat(probe.bodyAsJsonObject().getInteger("delivered")).isEqualTo(1));
          return gateway.post("/v1/push", TestBatches.of("flaky", 5).put("timeoutMs", 4000));
        })
        .compose(closed -> {
          ctx.verify(() -> assertThat(closed.bodyAsJsonObject().getInteger("delivered")).isEqualTo(5));
          return circuitOf("flaky");
        })
        .onComplete(ctx.succeeding(state -> ctx.verify(() -> {
          assertThat(state).isEqualTo("closed");
          ctx.completeNow();
        })));
  }

  /** Three failed deliveries in a row, one request each, so that the breaker counts each. */
  private Future<Void> pushOneByOne(int count) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      chain = chain.compose(v -> gateway.post("/v1/push", TestBatches.of("flaky", 1).put("timeoutMs", 4000)).mapEmpty());
    }
    return chain;
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
