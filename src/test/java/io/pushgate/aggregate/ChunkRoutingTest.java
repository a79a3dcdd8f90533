package io.pushgate.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.ChunkOutcome;
import io.pushgate.bus.Codecs;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.SendCommand;
import io.pushgate.bus.SendOutcome;
import io.pushgate.config.GatewayConfig;
import io.pushgate.observability.GatewayMetrics;
import io.pushgate.support.FixedCluster;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The aggregator's routing on a cluster, with two members "a" and "b" played by consumers on their sender addresses
 * in one Vert.x: chunks alternate between the members and go elsewhere when one cannot answer.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
@DisplayName("On a cluster, chunks a member cannot answer are sent to another")
class ChunkRoutingTest {

  private final List<String> asked = new CopyOnWriteArrayList<>();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    Codecs.register(vertx.eventBus());
    GatewayConfig config = TestConfigs.gateway("http://127.0.0.1:1/push");
    vertx.deployVerticle(new ReplyAggregatorVerticle(config, GatewayMetrics.NOOP,
            new AdmissionControl(config.limits(), config.targets()), Future::succeededFuture,
            FixedCluster.of("a", "b")))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("chunks alternate between the members, and each result names the node that delivered it")
  void chunks_spread_over_members(Vertx vertx, VertxTestContext ctx) {
    answering(vertx, "a");
    answering(vertx, "b");
    push(vertx, 40).onComplete(ctx.succeeding(summary -> ctx.verify(() -> {
      assertThat(summary.getInteger("delivered")).isEqualTo(40);
      // 2 sender instances on each of 2 members: 4 chunks, two each.
      assertThat(asked).hasSize(4).containsOnly("a", "b");
      assertThat(nodes(summary)).containsExactlyInAnyOrder("node-a", "node-b");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a member that refuses because it is draining gets no chunk back; the other delivers them all")
  void draining_member_is_passed_over(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<SendCommand>consumer(Addresses.senderOn("b"), message -> {
      asked.add("b");
      new GatewayException(FailureCode.DRAINING, "shutting down").failReply(message);
    });
    answering(vertx, "a");
    push(vertx, 40).compose(first -> {
      // The first batch's chunks all left before the first refusal came back: "b" was given its two.
      ctx.verify(() -> assertThat(asked.stream().filter("b"::equals).count()).isEqualTo(2));
      return push(vertx, 40).map(second -> List.of(first, second));
    }).onComplete(ctx.succeeding(both -> ctx.verify(() -> {
      for (JsonObject summary : both) {
        assertThat(summary.getInteger("delivered")).isEqualTo(40);
        assertThat(nodes(summary)).containsExactly("node-a");
      }
      assertThat(asked.stream().filter("b"::equals).count()).as("passed over once it refused").isEqualTo(2);
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("the chunks a member held when it left the cluster are sent to a live one, long before the deadline")
  void chunks_of_a_lost_member_are_sent_again(Vertx vertx, VertxTestContext ctx) {
    // "b" takes its chunks and never answers, as a crashed node does.
    leavingOnItsFirstChunk(vertx, false);
    answering(vertx, "a");
    push(vertx, 40).onComplete(ctx.succeeding(summary -> ctx.verify(() -> {
      assertThat(summary.getInteger("delivered")).isEqualTo(40);
      assertThat(nodes(summary)).containsExactly("node-a");
      // Left to the bus, "b"'s chunks would wait out the 60 s deadline, past this test's timeout, as timeouts.
      assertThat(asked).contains("b");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a member thought lost that still answers, and the one its chunks went to: each message counted once")
  void late_answer_of_a_lost_member_counts_once(Vertx vertx, VertxTestContext ctx) {
    leavingOnItsFirstChunk(vertx, true);
    answering(vertx, "a");
    push(vertx, 40).onComplete(ctx.succeeding(summary -> ctx.verify(() -> {
      assertThat(summary.getInteger("total")).isEqualTo(40);
      assertThat(summary.getInteger("delivered")).isEqualTo(40);
      JsonArray results = summary.getJsonArray("results");
      assertThat(IntStream.range(0, 40).map(i -> results.getJsonObject(i).getInteger("index")))
          .containsExactlyElementsOf(IntStream.range(0, 40).boxed().toList());
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a member that announced it is draining gets no chunk while another can take them")
  void announced_draining_member_gets_nothing(Vertx vertx, VertxTestContext ctx) {
    answering(vertx, "a");
    answering(vertx, "b");
    vertx.eventBus().publish(Addresses.CLUSTER_NODE_DRAINING, "b");
    // The announcement reaches the aggregator before the push: both are delivered to it in order.
    push(vertx, 40).onComplete(ctx.succeeding(summary -> ctx.verify(() -> {
      assertThat(summary.getInteger("delivered")).isEqualTo(40);
      assertThat(asked).hasSize(4).containsOnly("a");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("with no sender on any member, the request is refused with 503 unavailable")
  void no_sender_anywhere(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().request(Addresses.PUSH, TestBatches.of(10), new DeliveryOptions().setSendTimeout(5000))
        .onComplete(ctx.failing(failure -> ctx.verify(() -> {
          assertThat(GatewayException.from(failure).code()).isEqualTo(FailureCode.UNAVAILABLE);
          ctx.completeNow();
        })));
  }

  /** Member "b", which Hazelcast reports gone once it has a chunk; it still answers when {@code answers}. */
  private void leavingOnItsFirstChunk(Vertx vertx, boolean answers) {
    vertx.eventBus().<SendCommand>consumer(Addresses.senderOn("b"), message -> {
      asked.add("b");
      vertx.eventBus().publish(Addresses.CLUSTER_NODE_LEFT, "b", new DeliveryOptions().setLocalOnly(true));
      if (answers) {
        message.reply(delivered(message, "node-b"));
      }
    });
  }

  /** A member whose sender delivers every message at once. */
  private void answering(Vertx vertx, String node) {
    vertx.eventBus().<SendCommand>consumer(Addresses.senderOn(node), message -> {
      asked.add(node);
      message.reply(delivered(message, "node-" + node));
    });
  }

  private static ChunkOutcome delivered(Message<SendCommand> message, String nodeName) {
    SendCommand command = message.body();
    return new ChunkOutcome(nodeName, IntStream.range(0, command.messages().size())
        .mapToObj(i -> SendOutcome.answered(command.firstIndex() + i, DeliveryStatus.DELIVERED, 200, 1, 1,
            Buffer.buffer("{}"), true))
        .toList());
  }

  /** Pushes {@code size} messages with a 60 s deadline: a chunk left to time out would hold the test past its own. */
  private static Future<JsonObject> push(Vertx vertx, int size) {
    return vertx.eventBus().<JsonObject>request(Addresses.PUSH, TestBatches.of(size).put("timeoutMs", 60_000),
        new DeliveryOptions().setSendTimeout(65_000)).map(Message::body);
  }

  private static Set<String> nodes(JsonObject summary) {
    JsonArray results = summary.getJsonArray("results");
    return IntStream.range(0, results.size()).mapToObj(i -> results.getJsonObject(i).getString("node"))
        .collect(Collectors.toSet());
  }
}
