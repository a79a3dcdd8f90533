package io.pushgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.PushClientVerticle;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestConfigs;
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
@DisplayName("http.enabled false: a gateway without an HTTP API still serves the event bus")
class SendOnlyNodeTest {

  @Test
  @DisplayName("no port is opened, the bus API delivers, and results name no node off a cluster")
  void bus_only_gateway(Vertx vertx, VertxTestContext ctx) {
    FakeTarget target = new FakeTarget();
    MainVerticle[] gateway = new MainVerticle[1];
    vertx.deployVerticle(target)
        .compose(id -> {
          JsonObject raw = TestConfigs.raw(target.url());
          raw.getJsonObject("http").put("enabled", false);
          gateway[0] = new MainVerticle(TestConfigs.build(raw));
          return vertx.deployVerticle(gateway[0]);
        })
        .compose(id -> PushClientVerticle.push(vertx, TestBatches.of(5)))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(gateway[0].httpPort()).isEqualTo(-1);
          assertThat(gateway[0].state().deployed()).isTrue();
          JsonObject summary = reply.body();
          assertThat(summary.getInteger("delivered")).isEqualTo(5);
          assertThat(summary.getJsonArray("results").getJsonObject(0).containsKey("node")).isFalse();
          ctx.completeNow();
        })));
  }
}
