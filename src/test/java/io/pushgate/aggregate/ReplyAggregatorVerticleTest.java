package io.pushgate.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.BatchResult;
import io.pushgate.bus.ChunkOutcome;
import io.pushgate.bus.Codecs;
import io.pushgate.bus.DeliveryError;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.PushRequest;
import io.pushgate.bus.SendCommand;
import io.pushgate.bus.SendOutcome;
import io.pushgate.cluster.ClusterView;
import io.pushgate.config.GatewayConfig;
import io.pushgate.observability.GatewayMetrics;
import io.pushgate.support.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
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
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
@DisplayName("The aggregator answers once, on time, and keeps nothing afterwards")
class ReplyAggregatorVerticleTest {

  private ReplyAggregatorVerticle aggregator;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    Codecs.register(vertx.eventBus());
    GatewayConfig config = TestConfigs.gateway("http://127.0.0.1:1/push");
    aggregator = new ReplyAggregatorVerticle(config, GatewayMetrics.NOOP,
        new AdmissionControl(config.limits(), config.targets()), Future::succeededFuture,
        ClusterView.SINGLE);
    vertx.deployVerticle(aggregator).onComplete(ctx.succeedingThenComplete());
  }

  private static PushRequest request(int size, long timeoutMs) {
    List<Buffer> messages = IntStream.range(0, size).mapToObj(i -> Buffer.buffer("{\"n\":" + i + "}")).toList();
    return new PushRequest("req-1", "default", messages, timeoutMs);
  }

  @Test
  @DisplayName("chunks that never come back become timeouts at the deadline, and the batch is forgotten")
  void late_chunks_time_out_and_leave_no_state(Vertx vertx, VertxTestContext ctx) {
    Promise<Message<SendCommand>> held = Promise.promise();
    // A sender that answers its first chunk at once and holds the other until after the deadline.
    vertx.eventBus().<SendCommand>consumer(Addresses.SENDER_SEND, message -> {
      SendCommand command = message.body();
      if (command.firstIndex() == 0) {
        message.reply(new ChunkOutcome(null, IntStream.range(0, command.messages().size())
            .mapToObj(i -> SendOutcome.answered(i, DeliveryStatus.DELIVERED, 200, 1, 1, Buffer.buffer("{}"), true))
            .toList()));
      } else {
        held.complete(message);
      }
    });
    vertx.eventBus().<BatchResult>request(Addresses.AGGREGATE_BATCH, request(4, 300),
            new DeliveryOptions().setSendTimeout(5000))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          BatchResult result = reply.body();
          assertThat(result.results()).extracting(SendOutcome::status).containsExactly(
              DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED, DeliveryStatus.TIMEOUT, DeliveryStatus.TIMEOUT);
          assertThat(result.results().get(3).error()).isEqualTo(DeliveryError.DEADLINE_EXCEEDED);
          assertThat(aggregator.activeBatches()).isZero();
          assertThat(held.future().isComplete()).as("the second chunk reached the sender").isTrue();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("with no sender deployed the request is refused with 503")
  void no_sender_is_unavailable(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().request(Addresses.AGGREGATE_BATCH, request(3, 1000), new DeliveryOptions().setSendTimeout(5000))
        .onComplete(ctx.failing(failure -> ctx.verify(() -> {
          assertThat(((ReplyException) failure).failureCode()).isEqualTo(503);
          assertThat(aggregator.activeBatches()).isZero();
          ctx.completeNow();
        })));
  }
}
