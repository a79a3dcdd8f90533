package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A sender shares a target's connections among the chunks waiting for it, in turn, not first come, first served. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
@DisplayName("A target's connections are shared in turn among the batches waiting for them")
class FairLaneTest {

  private static final long WAIT_SECONDS = 10;
  private static final int CONNECTIONS = 4;
  private static final int BIG = 200;

  @Test
  @DisplayName("a one-message batch sent behind a large one reaches the slow target among the next few requests")
  void small_batch_is_not_stuck_behind_a_large_one(Vertx vertx) throws Exception {
    FakeTarget slow = new FakeTarget().behave((request, attempt) -> Reply.json(200, "{}").after(50));
    TestGateway gateway = GatewayFixture.start(vertx, raw -> {
      raw.getJsonObject("senders").put("instances", 1).put("maxConnectionsPerTarget", CONNECTIONS);
    }, slow);

    Future<HttpResponse<Buffer>> big = gateway.post("/v1/push", TestBatches.of(BIG).put("timeoutMs", 15_000));
    slow.receivedAtLeast(CONNECTIONS).await(WAIT_SECONDS, TimeUnit.SECONDS);
    JsonObject small = new JsonObject().put("timeoutMs", 15_000)
        .put("messages", new JsonArray().add(new JsonObject().put("user_id", "small")));
    HttpResponse<Buffer> answer = gateway.post("/v1/push", small).await(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(answer.bodyAsJsonObject().getInteger("delivered")).as(answer.bodyAsString()).isEqualTo(1);
    List<FakeTarget.Received> received = slow.received();
    int position = 0;
    while (!received.get(position).body().toJsonObject().getString("user_id").equals("small")) {
      position++;
    }
    // First come, first served it would be request BIG + 1; in turn, it goes right after the large batch's next one.
    assertThat(position).as("requests the target saw before the small batch's").isLessThan(3 * CONNECTIONS);
    assertThat(big.await(WAIT_SECONDS, TimeUnit.SECONDS).bodyAsJsonObject().getInteger("delivered")).isEqualTo(BIG);
  }
}
