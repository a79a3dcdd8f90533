package io.pushgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.PushClientVerticle;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
@DisplayName("http.enabled false: a gateway that takes no push requests over HTTP serves the bus, probes and metrics")
class SendOnlyNodeTest {

  @Test
  @DisplayName("POST /v1/push is 404, ready and metrics answer, the bus API delivers, results name no node")
  void bus_only_gateway(Vertx vertx, VertxTestContext ctx) {
    FakeTarget target = new FakeTarget();
    vertx.deployVerticle(target)
        .compose(id -> {
          JsonObject raw = TestConfigs.raw(target.url());
          raw.getJsonObject("http").put("enabled", false);
          return TestGateway.start(vertx, TestConfigs.build(raw));
        })
        .compose(gateway -> gateway.post("/v1/push", TestBatches.of(1))
            .compose(push -> {
              ctx.verify(() -> assertThat(push.statusCode()).isEqualTo(404));
              return gateway.get("/health/ready");
            })
            .compose(ready -> {
              ctx.verify(() -> assertThat(ready.statusCode()).isEqualTo(200));
              return gateway.get("/metrics");
            }))
        .compose(metrics -> {
          ctx.verify(() -> assertThat(metrics.bodyAsString()).contains("pushgate_messages_total"));
          return PushClientVerticle.push(vertx, TestBatches.of(5));
        })
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          JsonObject summary = reply.body();
          assertThat(summary.getInteger("delivered")).isEqualTo(5);
          assertThat(summary.getJsonArray("results").getJsonObject(0).containsKey("node")).isFalse();
          assertThat(target.requests()).as("nothing from the refused HTTP push").isEqualTo(5);
          ctx.completeNow();
        })));
  }
}
