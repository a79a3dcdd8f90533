package io.pushgate.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
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
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 15, unit = TimeUnit.SECONDS)
@DisplayName("Admission control refuses what would pass the in-flight limits, at once")
class AdmissionTest {

  private final FakeTarget target = new FakeTarget();
  private final FakeTarget slow = new FakeTarget().behave((request, attempt) -> Reply.json(200, "{}").after(1000));
  private TestGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.start(vertx, raw -> {
      raw.getJsonObject("push").put("maxBatch", 4);
      raw.put("limits", new JsonObject().put("maxInFlight", 10));
      raw.getJsonObject("targets")
          .put("slow", TestConfigs.target(slow.url()).put("maxInFlight", 6))
          .put("slow2", TestConfigs.target(slow.url()).put("maxInFlight", 6));
    }, target, slow);
  }

  private static void expectOverloaded(HttpResponse<Buffer> refused, String mentioning) {
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("overloaded");
    assertThat(refused.bodyAsJsonObject().getString("message")).contains(mentioning);
  }

  @Test
  @DisplayName("a target at its limit is refused with 429 and Retry-After; other targets still pass")
  void per_target_limit() {
    Future<HttpResponse<Buffer>> held = gateway.post("/v1/push", TestBatches.of("slow", 4));
    slow.receivedAtLeast(4).await();
    expectOverloaded(gateway.post("/v1/push", TestBatches.of("slow", 3)).await(), "target 'slow'");
    HttpResponse<Buffer> other = gateway.post("/v1/push", TestBatches.of("default", 4)).await();
    assertThat(other.statusCode()).as("another target passes").isEqualTo(200);
    assertThat(held.await().bodyAsJsonObject().getInteger("delivered")).isEqualTo(4);
    assertThat(slow.requests()).isEqualTo(4);
  }

  @Test
  @DisplayName("the gateway-wide limit refuses on HTTP (429) and on the bus (failureCode 429); capacity comes back")
  void gateway_limit(Vertx vertx) {
    Future<HttpResponse<Buffer>> first = gateway.post("/v1/push", TestBatches.of("slow", 4));
    Future<HttpResponse<Buffer>> second = gateway.post("/v1/push", TestBatches.of("slow2", 4));
    slow.receivedAtLeast(8).await();
    expectOverloaded(gateway.post("/v1/push", TestBatches.of("default", 3)).await(), "the gateway");
    assertThatThrownBy(() -> vertx.eventBus().request("pushgate.push", TestBatches.of("default", 3),
        new DeliveryOptions().setSendTimeout(5000)).await())
        .isInstanceOfSatisfying(ReplyException.class, refusal -> assertThat(refusal.failureCode()).isEqualTo(429));
    Future.all(first, second).await();
    HttpResponse<Buffer> after = gateway.post("/v1/push", TestBatches.of("default", 4)).await();
    assertThat(after.statusCode()).as("capacity is back once the held batches are done").isEqualTo(200);
    assertThat(target.requests()).isEqualTo(4);
  }
}
