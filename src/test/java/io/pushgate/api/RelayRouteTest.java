package io.pushgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
@DisplayName("POST /v1/push/{target} answers with the target's own status and body")
class RelayRouteTest {

  private FakeTarget target;
  private FakeTarget silent;
  private TestGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    target = new FakeTarget();
    silent = new FakeTarget().hang();
    vertx.deployVerticle(target)
        .compose(id -> vertx.deployVerticle(silent))
        .compose(id -> TestGateway.start(vertx,
            TestConfigs.build(TestConfigs.withTroubledTargets(target.url(), silent.url()))))
        .onComplete(ctx.succeeding(started -> {
          gateway = started;
          ctx.completeNow();
        }));
  }

  @Test
  @DisplayName("a one-message-per-POST client works by changing only its URL")
  void plain_pusher_client_works_unchanged(VertxTestContext ctx) {
    target.answerBy(request -> Reply.json(201, "{\"id\":" + request.body().toJsonObject().getString("user_id") + "}"));
    List<Future<JsonObject>> calls = IntStream.range(0, 20).mapToObj(i -> gateway
        .post("/v1/push/default", new JsonObject().put("user_id", String.valueOf(i)).put("message", "Hello"))
        .map(response -> {
          ctx.verify(() -> {
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.getHeader("content-type")).isEqualTo("application/json");
            assertThat(response.getHeader("Pushgate-Attempts")).isEqualTo("1");
            assertThat(response.getHeader("Pushgate-Request-Id")).isNotBlank();
          });
          return response.bodyAsJsonObject().put("sent", i);
        })).toList();
    Future.all(calls).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      for (Future<JsonObject> call : calls) {
        assertThat(call.result().getInteger("id")).isEqualTo(call.result().getInteger("sent"));
      }
      assertThat(target.requests()).isEqualTo(20);
      assertThat(target.received()).allMatch(r -> r.body().toJsonObject().getString("message").equals("Hello"));
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a target's refusal comes back as it was: status, text body, one attempt")
  void refusal_passes_through(VertxTestContext ctx) {
    target.answerBy(request -> Reply.text(422, "bad token"));
    gateway.post("/v1/push/default", new JsonObject().put("user_id", "1"))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(422);
          assertThat(response.getHeader("content-type")).startsWith("text/plain");
          assertThat(response.bodyAsString()).isEqualTo("bad token");
          assertThat(response.getHeader("Pushgate-Attempts")).isEqualTo("1");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("the body is forwarded byte for byte")
  void body_is_forwarded_verbatim(VertxTestContext ctx) {
    String body = "{ \"user_id\" : \"1\",\n \"message\":\"H\u00e9llo\" }";
    gateway.postRaw("/v1/push/default", Buffer.buffer(body, "UTF-8"), "application/json")
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(target.received().get(0).body().toString("UTF-8")).isEqualTo(body);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("retries are invisible to the client but counted in Pushgate-Attempts")
  void retried_then_answered(VertxTestContext ctx) {
    target.failFirst(2, 500);
    gateway.post("/v1/push/default", new JsonObject().put("user_id", "1"))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.getHeader("Pushgate-Attempts")).isEqualTo("3");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a target that cannot be reached: 502 with a JSON error")
  void unreachable_target_is_502(VertxTestContext ctx) {
    gateway.post("/v1/push/closed", new JsonObject().put("user_id", "1"))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(502);
          assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("upstream_unreachable");
          assertThat(response.getHeader("Pushgate-Attempts")).isEqualTo("3");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a target that never answers: 504 with a JSON error")
  void silent_target_is_504(VertxTestContext ctx) {
    gateway.post("/v1/push/silent", new JsonObject().put("user_id", "1"))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(504);
          assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("upstream_timeout");
          assertThat(response.getHeader("Pushgate-Attempts")).isEqualTo("2");
          assertThat(silent.requests()).isEqualTo(2);
          ctx.completeNow();
        })));
  }
}
