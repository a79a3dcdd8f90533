package io.pushgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.PushClientVerticle;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
@DisplayName("http.enabled false: a gateway that takes no push requests over HTTP serves the bus, probes and metrics")
class SendOnlyNodeTest {

  @Test
  @DisplayName("POST /v1/push is 404, ready and metrics answer, the bus API delivers, results name no node")
  void bus_only_gateway(Vertx vertx) {
    FakeTarget target = new FakeTarget();
    TestGateway gateway = GatewayFixture.start(vertx, raw -> raw.getJsonObject("http").put("enabled", false), target);
    assertThat(gateway.post("/v1/push", TestBatches.of(1)).await().statusCode()).isEqualTo(404);
    assertThat(gateway.get("/health/ready").await().statusCode()).isEqualTo(200);
    assertThat(gateway.get("/metrics").await().bodyAsString()).contains("pushgate_messages_total");
    JsonObject summary = PushClientVerticle.push(vertx, TestBatches.of(5)).await().body();
    assertThat(summary.getInteger("delivered")).isEqualTo(5);
    assertThat(summary.getJsonArray("results").getJsonObject(0).containsKey("node")).isFalse();
    assertThat(target.requests()).as("nothing from the refused HTTP push").isEqualTo(5);
  }
}
