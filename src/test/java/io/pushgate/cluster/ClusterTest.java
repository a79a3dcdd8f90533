package io.pushgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.ConsoleStream;
import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.PushClientVerticle;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestCluster.Node;
import io.pushgate.support.TestCluster;
import io.pushgate.support.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three Pushgate nodes clustered in this JVM: node-1 and node-2 take push requests over HTTP, node-3 only sends. A
 * fake target in the test's own Vert.x counts what each message id received. The cluster and the target are shared
 * by the tests, against the style guide's rule of fresh state per test, because forming a cluster takes seconds; so
 * each test reads only the target's requests made since it started, and the one that removes a node adds its own.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
@DisplayName("A cluster of nodes is one gateway")
class ClusterTest {

  private static final String NODE_HEADER = "X-Sent-By";

  private final TestCluster cluster = new TestCluster();
  private final FakeTarget target = new FakeTarget();
  private Node node1;
  private Node node2;
  private Node node3;

  @BeforeAll
  void startCluster(Vertx vertx) throws Exception {
    vertx.deployVerticle(target).await(10, TimeUnit.SECONDS);
    int port1 = cluster.reservePort();
    int port2 = cluster.reservePort();
    int port3 = cluster.reservePort();
    node1 = cluster.start("node-1", port1, naming(TestConfigs.raw(target.url()), "node-1"));
    node2 = cluster.start("node-2", port2, naming(TestConfigs.raw(target.url()), "node-2"));
    JsonObject sendOnly = naming(TestConfigs.raw(target.url()), "node-3");
    sendOnly.getJsonObject("http").put("enabled", false);
    node3 = cluster.start("node-3", port3, sendOnly);
    Future.all(List.of(node1, node2, node3).stream()
            .map(node -> TestCluster.awaitMembers(vertx, node.cluster(), 3)).toList())
        .await(20, TimeUnit.SECONDS);
  }

  /** {@code raw}, its target told which node sends each message ({@link #NODE_HEADER}). */
  private static JsonObject naming(JsonObject raw, String node) {
    raw.getJsonObject("targets").getJsonObject("default")
        .put("headers", new JsonObject().put(NODE_HEADER, node));
    return raw;
  }

  @AfterAll
  void stopCluster() throws Exception {
    for (Node node : List.of(node1, node2, node3)) {
      if (node != null) {
        node.vertx().close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  @BeforeEach
  void answerAtOnce() {
    target.respond(200, "{\"ok\":true}");
  }

  @Test
  @DisplayName("a 3000-message batch on node-1 is delivered exactly once, by more than one node, each result naming "
      + "its node")
  void batch_spreads_over_nodes(VertxTestContext ctx) {
    int before = target.requests();
    node1.client().post("/v1/push").sendJsonObject(TestBatches.of(3000)).onComplete(ctx.succeeding(answer ->
        ctx.verify(() -> {
          JsonObject summary = answer.bodyAsJsonObject();
          assertThat(answer.statusCode()).isEqualTo(200);
          assertThat(summary.getInteger("delivered")).isEqualTo(3000);
          List<JsonObject> results = results(summary);
          assertThat(results).extracting(result -> result.getInteger("index"))
              .containsExactlyElementsOf(IntStream.range(0, 3000).boxed().toList());
          Set<String> nodes = results.stream().map(result -> result.getString("node")).collect(Collectors.toSet());
          assertThat(nodes).doesNotContainNull().isSubsetOf("node-1", "node-2", "node-3").hasSizeGreaterThan(1);
          List<String> ids = messageIds(target.received().subList(before, target.requests()));
          assertThat(ids).hasSize(3000).doesNotHaveDuplicates();
          assertThat(ids).allMatch(id -> id.startsWith(summary.getString("requestId") + "-"));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("relayed calls to node-1 are sent by the other nodes too, as batches are, each answered as its target did")
  void relays_spread_over_nodes() throws Exception {
    int before = target.requests();
    List<Future<HttpResponse<Buffer>>> calls = IntStream.range(0, 30).mapToObj(i -> node1.client()
        .post("/v1/push/default").sendJsonObject(new JsonObject().put("user_id", String.valueOf(i)))).toList();
    Future.all(calls).await(20, TimeUnit.SECONDS);
    assertThat(calls).allMatch(call -> call.result().statusCode() == 200);
    assertThat(target.received().subList(before, target.requests()))
        .extracting(request -> request.header(NODE_HEADER)).hasSize(30)
        .containsAnyOf("node-2", "node-3").isSubsetOf("node-1", "node-2", "node-3");
  }

  @Test
  @DisplayName("a verticle co-deployed on node-3, which has no HTTP API, pushes over the bus and gets the whole answer")
  void co_deployed_verticle_on_send_only_node(VertxTestContext ctx) {
    PushClientVerticle.push(node3.vertx(), TestBatches.of(600)).map(Message::body)
        .onComplete(ctx.succeeding(summary -> ctx.verify(() -> {
          assertThat(summary.getInteger("total")).isEqualTo(600);
          assertThat(summary.getInteger("delivered")).isEqualTo(600);
          assertThat(results(summary)).extracting(result -> result.getInteger("index"))
              .containsExactlyElementsOf(IntStream.range(0, 600).boxed().toList());
          assertThat(results(summary)).extracting(result -> result.getString("node")).contains("node-1", "node-2");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("GET /v1/cluster lists the three members, this one marked; readiness includes the cluster")
  void cluster_route_and_readiness(VertxTestContext ctx) {
    node2.client().get("/v1/cluster").send()
        .compose(listed -> {
          ctx.verify(() -> {
            JsonObject body = listed.bodyAsJsonObject();
            assertThat(body.getBoolean("clustered")).isTrue();
            assertThat(body.getString("node")).isEqualTo("node-2");
            List<JsonObject> members = objects(body.getJsonArray("members"));
            assertThat(members).extracting(member -> member.getString("name"))
                .containsExactlyInAnyOrder("node-1", "node-2", "node-3");
            assertThat(members).filteredOn(member -> member.getBoolean("self"))
                .extracting(member -> member.getString("name")).containsExactly("node-2");
            assertThat(members).allMatch(member -> member.getString("address").startsWith("127.0.0.1:"));
          });
          return node2.client().get("/health/ready").send();
        })
        .onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
          assertThat(ready.statusCode()).isEqualTo(200);
          assertThat(ready.bodyAsString()).contains("cluster");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("the console of node-2 shows every member's load, asked over the bus; node-3, send-only, has one too")
  void console_shows_every_member(Vertx vertx) {
    HttpClient client = vertx.createHttpClient();
    ConsoleStream stream = ConsoleStream.open(client, node2.gateway().httpPort(), Map.of());
    stream.snapshots(vertx, 1).await();
    JsonObject snapshot = stream.latest();
    assertThat(snapshot.getString("cluster")).isEqualTo(node2.cluster().clusterName());
    List<JsonObject> nodes = objects(snapshot.getJsonArray("nodes"));
    assertThat(nodes).as("this node first, then the others in join order")
        .extracting(node -> node.getString("name")).containsExactly("node-2", "node-1", "node-3");
    assertThat(nodes).extracting(node -> node.getBoolean("self")).containsExactly(true, false, false);
    assertThat(nodes).allMatch(node -> node.getBoolean("answered") && node.getLong("maxInFlight") == 20_000
        && !node.getBoolean("draining"));
    stream.close().await();

    ConsoleStream sendOnly = ConsoleStream.open(client, node3.gateway().httpPort(), Map.of());
    sendOnly.snapshots(vertx, 1).await();
    assertThat(sendOnly.latest().getBoolean("jobsServed")).as("no job API without http.enabled").isFalse();
    assertThat(objects(sendOnly.latest().getJsonArray("nodes"))).extracting(node -> node.getString("name"))
        .containsExactly("node-3", "node-1", "node-2");
    sendOnly.close().await();
  }

  @Test
  @DisplayName("a fourth node shut down mid-batch finishes its chunks, leaves, and no message fails")
  void node_shut_down_mid_batch(Vertx vertx, VertxTestContext ctx) throws Exception {
    // Node 4 names itself to the target, so that it is shut down only once it holds some of the batch.
    JsonObject raw = TestConfigs.raw(target.url());
    raw.getJsonObject("targets").getJsonObject("default").put("headers", new JsonObject().put("X-Node", "node-4"));
    Node node4 = cluster.start("node-4", cluster.reservePort(), raw);
    TestCluster.awaitMembers(vertx, node1.cluster(), 4).await(20, TimeUnit.SECONDS);
    target.behave((request, attempt) -> Reply.json(200, "{\"ok\":true}").after(100));
    Future<HttpResponse<Buffer>> batch = node1.client().post("/v1/push").sendJsonObject(TestBatches.of(1600));
    target.receivedOne(request -> "node-4".equals(request.header("X-Node")))
        .compose(v -> Future.all(batch, node4.shutDown()))
        .compose(both -> TestCluster.awaitMembers(vertx, node1.cluster(), 3).map(left -> both))
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          HttpResponse<Buffer> answer = both.resultAt(0);
          JsonObject summary = answer.bodyAsJsonObject();
          assertThat(summary.getInteger("delivered")).as(summary.encode()).isEqualTo(1600);
          assertThat(results(summary)).extracting(result -> result.getString("node")).contains("node-4");
          assertThat(node1.cluster().members()).extracting(ClusterMember::name).doesNotContain("node-4");
          ctx.completeNow();
        })));
  }

  private static List<JsonObject> results(JsonObject summary) {
    return objects(summary.getJsonArray("results"));
  }

  private static List<JsonObject> objects(JsonArray array) {
    return IntStream.range(0, array.size()).mapToObj(array::getJsonObject).toList();
  }

  private static List<String> messageIds(List<FakeTarget.Received> received) {
    return received.stream().map(request -> request.header("Pushgate-Message-Id")).toList();
  }
}
