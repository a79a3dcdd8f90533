package io.pushgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
@DisplayName("Draining finishes what is in flight and takes nothing new")
class DrainTest {

  private FakeTarget slow;
  private TestGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    slow = new FakeTarget().behave((request, attempt) -> Reply.json(200, "{}").after(500));
    vertx.deployVerticle(slow)
        .compose(id -> TestGateway.start(vertx, TestConfigs.gateway(slow.url())))
        .onComplete(ctx.succeeding(started -> {
          gateway = started;
          ctx.completeNow();
        }));
  }

  @Test
  @DisplayName("undeploying the gateway mid-batch drains too, and it can be deployed again in the same Vert.x")
  void undeploy_drains(Vertx vertx, VertxTestContext ctx) {
    Future<HttpResponse<Buffer>> inFlight = gateway.post("/v1/push", TestBatches.of(20));
    slow.receivedAtLeast(1)
        .compose(v -> Future.all(inFlight, gateway.undeploy()))
        .compose(both -> {
          ctx.verify(() -> {
            HttpResponse<Buffer> answer = both.resultAt(0);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.bodyAsJsonObject().getInteger("delivered")).isEqualTo(20);
          });
          return TestGateway.start(vertx, TestConfigs.gateway(slow.url()));
        })
        .compose(again -> again.post("/v1/push", TestBatches.of(1)))
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(answer.bodyAsJsonObject().getInteger("delivered")).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a batch in flight gets its whole answer; new requests get 503 draining; ready goes down")
  void batch_in_flight_completes(Vertx vertx, VertxTestContext ctx) {
    Future<HttpResponse<Buffer>> inFlight = gateway.post("/v1/push", TestBatches.of(20));
    slow.receivedAtLeast(1)
        .compose(v -> {
          Future<Void> drained = gateway.drain();
          return gateway.post("/v1/push", TestBatches.of(1))
              .compose(refused -> {
                ctx.verify(() -> {
                  assertThat(refused.statusCode()).isEqualTo(503);
                  assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("draining");
                  assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
                });
                return vertx.eventBus().request("pushgate.push", TestBatches.of(1), new DeliveryOptions().setSendTimeout(5000))
                    .transform(Future::succeededFuture);
              })
              .compose(busRefusal -> {
                ctx.verify(() -> assertThat(((ReplyException) busRefusal.cause()).failureCode()).isEqualTo(503));
                return gateway.get("/health/ready");
              })
              .compose(ready -> {
                ctx.verify(() -> {
                  assertThat(ready.statusCode()).isEqualTo(503);
                  assertThat(drained.isComplete()).as("still draining while the batch is out").isFalse();
                });
                return drained;
              });
        })
        // Drained means the gateway wrote the batch's answer; here it arrives, whole.
        .compose(drained -> inFlight)
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(answer.statusCode()).isEqualTo(200);
          assertThat(answer.bodyAsJsonObject().getInteger("delivered")).isEqualTo(20);
          ctx.completeNow();
        })));
  }
}
