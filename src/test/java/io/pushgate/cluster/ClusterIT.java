package io.pushgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.FakeTarget.Received;
import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.JarProcess;
import io.pushgate.support.Ports;
import io.pushgate.support.TestBatches;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fat-jar processes in one cluster on 127.0.0.1: one is killed with SIGKILL, or stopped with SIGTERM, while it holds
 * chunks of a batch that node-1 took.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("A cluster survives the crash of a node")
class ClusterIT {

  private static final int MESSAGES = 600;
  /** Each node sends its name in this header (a target header of its config), so the target knows who sent what. */
  private static final String NODE_HEADER = "X-Test-Node";

  @TempDir
  Path dir;

  private final List<JarProcess> nodes = new ArrayList<>();
  /** The HTTP ports of the nodes {@link #startCluster} started, node-1's first. */
  private List<Integer> httpPorts;
  private final Vertx vertx = Vertx.vertx();

  /** Each attempt takes 300 ms, so every node's chunks are still on the wire when a node is stopped. */
  private final FakeTarget slow = new FakeTarget().behave((request, attempt) -> Reply.json(200, "{}").after(300));

  @BeforeEach
  void startTarget() throws Exception {
    vertx.deployVerticle(slow).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    for (JarProcess node : nodes) {
      node.stop();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("SIGKILL of a node mid-batch: the batch completes, every message delivered, repeats under the same id")
  void killed_node_chunks_are_sent_again() throws Exception {
    List<JarProcess> started = startCluster(3, slow.url());
    JarProcess node1 = started.get(0);
    JarProcess node2 = started.get(1);
    JarProcess node3 = started.get(2);

    CompletableFuture<HttpResponse<String>> batch = pushToNode1();
    // Killed once it has messages on the wire.
    slow.receivedOne(request -> "node-2".equals(request.header(NODE_HEADER))).await(20, TimeUnit.SECONDS);
    node2.process().destroyForcibly();
    node1.awaitLine("cluster member left: node-2");

    HttpResponse<String> answer = batch.get(60, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonObject summary = new JsonObject(answer.body());
    assertThat(summary.getInteger("delivered")).as(summary.getInteger("timedOut") + " timed out")
        .isEqualTo(MESSAGES);
    List<JsonObject> results = IntStream.range(0, MESSAGES)
        .mapToObj(i -> summary.getJsonArray("results").getJsonObject(i)).toList();
    assertThat(results).extracting(result -> result.getString("node"))
        .as("node-2 died before any of its chunks was answered").doesNotContain("node-2").contains("node-1", "node-3");

    Map<String, List<Received>> byId = slow.received().stream()
        .collect(Collectors.groupingBy(request -> request.header("Pushgate-Message-Id")));
    assertThat(byId).hasSize(MESSAGES);
    List<List<Received>> sentByNode2 = byId.values().stream()
        .filter(copies -> copies.stream().anyMatch(copy -> "node-2".equals(copy.header(NODE_HEADER)))).toList();
    assertThat(sentByNode2).isNotEmpty().allSatisfy(copies -> {
      assertThat(copies).as("sent again by a live node").extracting(copy -> copy.header(NODE_HEADER))
          .containsAnyOf("node-1", "node-3");
      assertThat(copies).extracting(copy -> copy.body().toString()).containsOnly(copies.get(0).body().toString());
    });
    for (JarProcess node : List.of(node1, node3)) {
      assertThat(node.seen()).noneMatch(line -> line.contains("without proper access to required Java packages"));
    }
  }

  @Test
  @DisplayName("SIGTERM of a node mid-batch: it finishes its chunks, takes none of a batch sent while it drains, "
      + "leaves, exits 0, and no message fails")
  void terminated_node_drains_and_leaves() throws Exception {
    List<JarProcess> started = startCluster(2, slow.url());
    JarProcess node1 = started.get(0);
    JarProcess node2 = started.get(1);

    CompletableFuture<HttpResponse<String>> batch = pushToNode1();
    slow.receivedOne(request -> "node-2".equals(request.header(NODE_HEADER))).await(20, TimeUnit.SECONDS);
    node2.process().toHandle().destroy();
    node2.awaitLine("Pushgate draining");
    CompletableFuture<HttpResponse<String>> whileDraining = pushToNode1();
    assertThat(node2.process().waitFor(20, TimeUnit.SECONDS)).as("node-2 exits on SIGTERM").isTrue();
    assertThat(node2.process().exitValue()).isZero();
    node2.awaitLine("Pushgate stopped");
    node1.awaitLine("cluster member left: node-2");

    assertThat(nodes(batch.get(60, TimeUnit.SECONDS))).as("node-2 answered for its chunks before it left")
        .contains("node-1", "node-2");
    assertThat(nodes(whileDraining.get(60, TimeUnit.SECONDS))).as("sent elsewhere while node-2 drained")
        .containsOnly("node-1");
  }

  /** A batch of {@link #MESSAGES} to node-1's push API, with a 20 s deadline. */
  private CompletableFuture<HttpResponse<String>> pushToNode1() {
    return JarProcess.push(httpPorts.get(0), TestBatches.of(MESSAGES).put("timeoutMs", 20_000));
  }

  /** The node of every result of a batch answer, after checking that every message was delivered. */
  private static List<String> nodes(HttpResponse<String> answer) {
    JsonObject summary = new JsonObject(answer.body());
    assertThat(summary.getInteger("delivered")).as(summary.encode()).isEqualTo(MESSAGES);
    return IntStream.range(0, MESSAGES)
        .mapToObj(i -> summary.getJsonArray("results").getJsonObject(i).getString("node")).toList();
  }

  /**
   * Starts {@code count} nodes (up to 3) of a new cluster delivering to {@code targetUrl}, clustering switched on in
   * each of the three ways: node-1 by its file, node-2 by {@code -cluster}, node-3 by the environment. Node-1 takes
   * push requests on {@code httpPorts.get(0)}; all serve probes. Returns once node-1 has seen every other join.
   */
  private List<JarProcess> startCluster(int count, String targetUrl) throws Exception {
    String cluster = "pushgate-it-" + UUID.randomUUID();
    List<Integer> ports = IntStream.range(0, count).mapToObj(i -> Ports.free()).toList();
    JsonArray members = new JsonArray(ports.stream().map(port -> "127.0.0.1:" + port).toList());
    httpPorts = IntStream.range(0, count).mapToObj(i -> Ports.free()).toList();
    JsonObject config1 = nodeConfig(1, cluster, members, ports.get(0), httpPorts.get(0), targetUrl);
    config1.getJsonObject("http").put("enabled", true);
    config1.getJsonObject("cluster").put("enabled", true);
    List<JarProcess> started = new ArrayList<>(List.of(start(1, config1, Map.of(), List.of())));
    started.get(0).awaitLine("Pushgate listening");
    for (int index = 2; index <= count; index++) {
      JsonObject config = nodeConfig(index, cluster, members, ports.get(index - 1), httpPorts.get(index - 1),
          targetUrl);
      started.add(index == 2 ? start(index, config, Map.of(), List.of("-cluster"))
          : start(index, config, Map.of("PUSHGATE_CLUSTER_ENABLED", "true"), List.of()));
    }
    for (int index = 2; index <= count; index++) {
      started.get(index - 1).awaitLine("Pushgate listening");
      started.get(0).awaitLine("cluster member joined: node-");
    }
    return started;
  }

  private JarProcess start(int index, JsonObject config, Map<String, String> env, List<String> args) throws Exception {
    Path file = dir.resolve("node-" + index + ".json");
    config.getJsonObject("cluster").put("nodeName", "node-" + index);
    Files.writeString(file, config.encode());
    JarProcess node = JarProcess.start(List.of("-Xmx256m"), file, env, args);
    nodes.add(node);
    return node;
  }

  /**
   * A send-only node of {@code cluster} whose HTTP port serves probes, metrics and lists; clustering left off for
   * the caller to switch on.
   */
  private static JsonObject nodeConfig(int index, String cluster, JsonArray members, int port, int httpPort,
                                       String targetUrl) {
    return new JsonObject()
        .put("http", new JsonObject().put("enabled", false).put("host", "127.0.0.1").put("port", httpPort))
        .put("senders", new JsonObject().put("instances", 2))
        .put("demoReceiver", new JsonObject().put("enabled", false))
        .put("cluster", new JsonObject().put("name", cluster).put("host", "127.0.0.1")
            .put("port", port).put("members", members))
        .put("targets", new JsonObject().put("default", new JsonObject().put("url", targetUrl)
            .put("headers", new JsonObject().put(NODE_HEADER, "node-" + index))));
  }

}
