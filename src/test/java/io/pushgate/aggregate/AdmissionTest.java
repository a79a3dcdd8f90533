package io.pushgate.aggregate;

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
import io.vertx.core.json.JsonObject;
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
@DisplayName("Admission control refuses what would pass the in-flight limits, at once")
class AdmissionTest {

  private FakeTarget target;
  private FakeTarget slow;
  private TestGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    target = new FakeTarget();
    slow = new FakeTarget().behave((request, attempt) -> Reply.json(200, "{}").after(1000));
    vertx.deployVerticle(target)
        .compose(id -> vertx.deployVerticle(slow))
        .compose(id -> {
          JsonObject raw = TestConfigs.raw(target.url());
          raw.getJsonObject("push").put("maxBatch", 4);
          raw.put("limits", new JsonObject().put("maxInFlight", 10));
          raw.getJsonObject("targets")
              .put("slow", TestConfigs.target(slow.url()).put("maxInFlight", 6))
              .put("slow2", TestConfigs.target(slow.url()).put("maxInFlight", 6));
          return TestGateway.start(vertx, TestConfigs.build(raw));
        })
        .onComplete(ctx.succeeding(started -> {
          gateway = started;
          ctx.completeNow();
        }));
  }

  private static void expectOverloaded(HttpResponse<Buffer> refused, String mentioning) {
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("overloaded");
    assertThat(refused.bodyAsJsonObject().getString("message")).contains(mentioning);
  }

  @Test
  @DisplayName("a target at its limit is refused with 429 and Retry-After; other targets still pass")
  void per_target_limit(VertxTestContext ctx) {
    Future<HttpResponse<Buffer>> held = gateway.post("/v1/push", TestBatches.of("slow", 4));
    slow.receivedAtLeast(4)
        .compose(v -> gateway.post("/v1/push", TestBatches.of("slow", 3)))
        .compose(refused -> {
          ctx.verify(() -> expectOverloaded(refused, "target 'slow'"));
          return gateway.post("/v1/push", TestBatches.of("default", 4));
        })
        .compose(other -> {
          ctx.verify(() -> assertThat(other.statusCode()).as("another target passes").isEqualTo(200));
          return held;
        })
        .onComplete(ctx.succeeding(first -> ctx.verify(() -> {
          assertThat(first.bodyAsJsonObject().getInteger("delivered")).isEqualTo(4);
          assertThat(slow.requests()).isEqualTo(4);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("the gateway-wide limit refuses on HTTP (429) and on the bus (failureCode 429); capacity comes back")
  void gateway_limit(Vertx vertx, VertxTestContext ctx) {
    Future<HttpResponse<Buffer>> first = gateway.post("/v1/push", TestBatches.of("slow", 4));
    Future<HttpResponse<Buffer>> second = gateway.post("/v1/push", TestBatches.of("slow2", 4));
    slow.receivedAtLeast(8)
        .compose(v -> gateway.post("/v1/push", TestBatches.of("default", 3)))
        .compose(refused -> {
          ctx.verify(() -> expectOverloaded(refused, "the gateway"));
          return vertx.eventBus().request("pushgate.push", TestBatches.of("default", 3),
              new DeliveryOptions().setSendTimeout(5000)).transform(Future::succeededFuture);
        })
        .compose(busReply -> {
          ctx.verify(() -> {
            assertThat(busReply.failed()).isTrue();
            assertThat(((ReplyException) busReply.cause()).failureCode()).isEqualTo(429);
          });
          return Future.all(first, second);
        })
        .compose(done -> gateway.post("/v1/push", TestBatches.of("default", 4)))
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          assertThat(after.statusCode()).as("capacity is back once the held batches are done").isEqualTo(200);
          assertThat(target.requests()).isEqualTo(4);
          ctx.completeNow();
        })));
  }
}
