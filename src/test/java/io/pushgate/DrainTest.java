package io.pushgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pushgate.bus.Addresses;
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
@DisplayName("Draining finishes what is in flight and takes nothing new")
class DrainTest {

  private final FakeTarget slow = new FakeTarget().behave((request, attempt) -> Reply.json(200, "{}").after(500));
  private TestGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.start(vertx, slow);
  }

  @Test
  @DisplayName("undeploying the gateway mid-batch drains too, and it can be deployed again in the same Vert.x")
  void undeploy_drains(Vertx vertx) {
    Future<HttpResponse<Buffer>> inFlight = gateway.post("/v1/push", TestBatches.of(20));
    slow.receivedAtLeast(1).await();
    Future.all(inFlight, gateway.undeploy()).await();
    HttpResponse<Buffer> answer = inFlight.result();
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.bodyAsJsonObject().getInteger("delivered")).isEqualTo(20);
    TestGateway again = TestGateway.start(vertx, TestConfigs.gateway(slow.url())).await();
    assertThat(again.post("/v1/push", TestBatches.of(1)).await().bodyAsJsonObject().getInteger("delivered"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("a batch in flight gets its whole answer; new requests get 503 draining; ready goes down")
  void batch_in_flight_completes(Vertx vertx) {
    Future<HttpResponse<Buffer>> inFlight = gateway.post("/v1/push", TestBatches.of(20));
    slow.receivedAtLeast(1).await();
    Future<Void> drained = gateway.drain();
    HttpResponse<Buffer> refused = gateway.post("/v1/push", TestBatches.of(1)).await();
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("draining");
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    assertThatThrownBy(() -> vertx.eventBus().request(Addresses.PUSH, TestBatches.of(1),
        new DeliveryOptions().setSendTimeout(5000)).await())
        .isInstanceOfSatisfying(ReplyException.class, refusal -> assertThat(refusal.failureCode()).isEqualTo(503));
    assertThat(gateway.get("/health/ready").await().statusCode()).isEqualTo(503);
    assertThat(drained.isComplete()).as("still draining while the batch is out").isFalse();
    drained.await();
    // Drained means the gateway wrote the batch's answer; here it arrives, whole.
    HttpResponse<Buffer> answer = inFlight.await();
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.bodyAsJsonObject().getInteger("delivered")).isEqualTo(20);
  }
}
