package io.pushgate.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.PushClientVerticle;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
@DisplayName("pushgate.push on the event bus: the same JSON contract as HTTP")
class EventBusApiTest {

  private FakeTarget target;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    target = new FakeTarget();
    vertx.deployVerticle(target)
        .compose(id -> {
          JsonObject raw = TestConfigs.raw(target.url());
          raw.getJsonObject("push").put("maxBatch", 3);
          return TestGateway.start(vertx, TestConfigs.build(raw));
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<Message<JsonObject>> pushFromVerticle(Vertx vertx, Object body) {
    return PushClientVerticle.push(vertx, body);
  }

  @Test
  @DisplayName("a co-deployed verticle gets the full summary")
  void co_deployed_verticle_gets_the_summary(Vertx vertx, VertxTestContext ctx) {
    pushFromVerticle(vertx, TestBatches.of(3)).onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
      JsonObject summary = reply.body();
      assertThat(summary.getString("requestId")).isNotBlank();
      assertThat(summary.getString("target")).isEqualTo("default");
      assertThat(summary.getInteger("total")).isEqualTo(3);
      assertThat(summary.getInteger("delivered")).isEqualTo(3);
      assertThat(summary.getJsonArray("results").getJsonObject(2).getInteger("index")).isEqualTo(2);
      assertThat(summary.getJsonArray("results").getJsonObject(2).getJsonObject("response"))
          .isEqualTo(new JsonObject().put("ok", true));
      assertThat(target.requests()).isEqualTo(3);
      assertThat(target.received()).anyMatch(r -> r.body().toJsonObject().getString("message").equals("Hello 0"));
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("refusals are ReplyExceptions whose failureCode is the HTTP status and message the JSON error")
  void refusals_carry_the_http_status(Vertx vertx, VertxTestContext ctx) {
    expectRefusal(vertx, TestBatches.of(1).put("target", "nope"), 400, "unknown_target", "target")
        .compose(v -> expectRefusal(vertx, TestBatches.of(4), 413, "too_many_messages", "messages"))
        .compose(v -> expectRefusal(vertx, new JsonObject().put("messages", new JsonArray()), 400,
            "invalid_request", "messages"))
        .compose(v -> expectRefusal(vertx, new JsonObject().put("messages", new JsonArray().add("x")), 400,
            "invalid_request", "messages[0]"))
        .compose(v -> expectRefusal(vertx, TestBatches.of(1).put("timeoutMs", -1), 400, "invalid_request", "timeoutMs"))
        .compose(v -> expectRefusal(vertx, "not json", 400, "invalid_request", null))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(target.requests()).isZero();
          ctx.completeNow();
        })));
  }

  private static Future<Void> expectRefusal(Vertx vertx, Object body, int code, String error, String field) {
    return pushFromVerticle(vertx, body).transform(result -> {
      assertThat(result.failed()).as(error).isTrue();
      ReplyException refusal = (ReplyException) result.cause();
      assertThat(refusal.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
      assertThat(refusal.failureCode()).isEqualTo(code);
      JsonObject json = new JsonObject(refusal.getMessage());
      assertThat(json.getString("error")).isEqualTo(error);
      assertThat(json.getString("field")).isEqualTo(field);
      return Future.succeededFuture();
    });
  }
}
