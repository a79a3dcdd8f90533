package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.ChunkOutcome;
import io.pushgate.bus.Codecs;
import io.pushgate.bus.DeliveryError;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.SendCommand;
import io.pushgate.bus.SendOutcome;
import io.pushgate.cluster.ClusterView;
import io.pushgate.config.GatewayConfig;
import io.pushgate.config.TargetConfig;
import io.pushgate.observability.GatewayMetrics;
import io.pushgate.observability.InFlight;
import io.pushgate.observability.TargetStatus;
import io.pushgate.observability.TargetStatuses;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.FixedCluster;
import io.pushgate.support.TestConfigs;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
@DisplayName("SenderVerticle delivers chunks and answers for every message")
class SenderVerticleTest {

  private FakeTarget target;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    Codecs.register(vertx.eventBus());
    target = new FakeTarget();
    vertx.deployVerticle(target)
        .compose(id -> sender(vertx, TestConfigs.gateway(target.url()), ClusterView.SINGLE, new InFlight()))
        .compose(vertx::deployVerticle)
        .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<SenderVerticle> sender(Vertx vertx, GatewayConfig config, ClusterView cluster,
                                               InFlight chunks) {
    return NodeTargets.create(vertx, config.targets(), new TargetStatuses(config.targets().keySet()))
        .map(targets -> new SenderVerticle(config.senders(), config.push(), targets, GatewayMetrics.NOOP,
            Future::succeededFuture, cluster, chunks));
  }

  private static SendCommand command(String target, int size, long timeoutMs) {
    return command(target, size, timeoutMs, null);
  }

  private static SendCommand command(String target, int size, long timeoutMs, String origin) {
    List<Buffer> messages = IntStream.range(0, size).mapToObj(i -> Buffer.buffer("{\"n\":" + i + "}")).toList();
    return new SendCommand("req", target, 10, messages, timeoutMs, origin);
  }

  @Test
  @DisplayName("a target's refusal is a reply, not a failure, and is not retried")
  void rejected_message_is_a_reply_not_a_failure(Vertx vertx, VertxTestContext ctx) {
    target.respond(422, "{\"why\":\"bad token\"}");
    vertx.eventBus().<ChunkOutcome>request(Addresses.SENDER_SEND, command("default", 2, 2000),
            new DeliveryOptions().setSendTimeout(3000))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          List<SendOutcome> outcomes = reply.body().outcomes();
          assertThat(outcomes).extracting(SendOutcome::index).containsExactly(10, 11);
          assertThat(outcomes).extracting(SendOutcome::status).containsOnly(DeliveryStatus.FAILED);
          assertThat(outcomes.get(0).httpStatus()).isEqualTo(422);
          assertThat(outcomes.get(0).response().toJsonObject()).isEqualTo(new JsonObject().put("why", "bad token"));
          assertThat(target.requests()).isEqualTo(2);
          assertThat(target.received()).extracting(r -> r.header("Pushgate-Message-Id"))
              .containsExactlyInAnyOrder("req-10", "req-11");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("on a cluster, a draining node refuses other nodes' chunks with 503 draining and finishes its own")
  void draining_node_refuses_other_nodes_chunks(Vertx vertx, VertxTestContext ctx) {
    InFlight chunks = new InFlight();
    FixedCluster cluster = FixedCluster.of("a", "b");
    sender(vertx, TestConfigs.gateway(target.url()), cluster, chunks)
        .compose(vertx::deployVerticle)
        .compose(id -> {
          chunks.startDraining();
          return vertx.eventBus().request(Addresses.senderOn("a"), command("default", 1, 2000, "b"),
              new DeliveryOptions().setSendTimeout(3000)).transform(Future::succeededFuture);
        })
        .compose(refused -> {
          ctx.verify(() -> assertThat(GatewayException.from(refused.cause()).code()).isEqualTo(FailureCode.DRAINING));
          return vertx.eventBus().<ChunkOutcome>request(Addresses.senderOn("a"), command("default", 2, 2000, "a"),
              new DeliveryOptions().setSendTimeout(3000));
        })
        // The drain completes once the node's own chunk is answered.
        .compose(own -> chunks.idle().map(own))
        .onComplete(ctx.succeeding(own -> ctx.verify(() -> {
          assertThat(own.body().node()).isEqualTo("node-a");
          assertThat(own.body().outcomes()).extracting(SendOutcome::status).containsOnly(DeliveryStatus.DELIVERED);
          assertThat(target.requests()).as("the refused chunk was never sent").isEqualTo(2);
          ctx.completeNow();
        })));
  }

  /** The replies to one chunk sent to the relay address of each of Vert.x's event loops, by thread name. */
  private static Map<String, Boolean> askEveryLoop(Vertx vertx) {
    Map<String, Boolean> answered = new TreeMap<>();
    for (int i = 0; i < VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE; i++) {
      String thread = "vert.x-eventloop-thread-" + i;
      answered.put(thread, vertx.eventBus().<ChunkOutcome>request(Addresses.senderOnLoop(thread),
              command("default", 1, 2000), new DeliveryOptions().setSendTimeout(3000))
          .map(reply -> reply.body().outcomes().get(0).status() == DeliveryStatus.DELIVERED)
          .otherwise(false).await());
    }
    return answered;
  }

  @Test
  @DisplayName("a sender also takes relayed messages on the address of its own event loop, the one the relay asks")
  void relays_of_its_own_event_loop(Vertx vertx) {
    // The sender of @BeforeEach is on one of the event loops: that loop's address, and no other, reaches it.
    assertThat(askEveryLoop(vertx).values()).containsOnlyOnce(true);
  }

  @Test
  @DisplayName("a chunk for a target the sender does not know fails with 400")
  void unknown_target_fails(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().request(Addresses.SENDER_SEND, command("nope", 1, 1000), new DeliveryOptions().setSendTimeout(3000))
        .onComplete(ctx.failing(failure -> ctx.verify(() -> {
          assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
          assertThat(target.requests()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("at the chunk deadline every pending message is answered and queued ones are withdrawn")
  void deadline_withdraws_queued_messages(Vertx vertx, VertxTestContext ctx) {
    target.hang();
    TargetConfig config = TargetConfig.fromJson("default",
        TestConfigs.gateway(target.url()).json().getJsonObject("targets").getJsonObject("default"));
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      TargetLane lane = new TargetLane(vertx, new TargetStatus("default"), GatewayMetrics.NOOP,
          new JsonWebhookProtocol(new BoundedExchange(vertx, vertx.createHttpClient(), 100), config), new RetryPolicy(config), config.timeoutMs(), 1);
      new ChunkDelivery(vertx, command("default", 5, 300), lane, GatewayMetrics.NOOP, null, null, null).start(false)
          .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
            assertThat(outcome.outcomes()).extracting(SendOutcome::status).containsOnly(DeliveryStatus.TIMEOUT);
            assertThat(outcome.outcomes()).extracting(SendOutcome::attempts).containsExactly(1, 0, 0, 0, 0);
            assertThat(outcome.outcomes().get(4).error()).isEqualTo(DeliveryError.DEADLINE_EXCEEDED);
            assertThat(lane.queued()).isZero();
            assertThat(target.requests()).isEqualTo(1);
            ctx.completeNow();
          })));
    });
  }
}
