package io.pushgate.support;

import com.hazelcast.config.Config;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pushgate.MainVerticle;
import io.pushgate.cluster.ClusterView;
import io.pushgate.cluster.Clustering;
import io.pushgate.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Pushgate nodes clustered in this JVM: each its own clustered Vert.x and Hazelcast member on 127.0.0.1, joined over
 * TCP/IP to the others, in a cluster whose name no other test uses. Hazelcast is tuned for tests: few partitions and
 * short heartbeat and shutdown windows. Methods block: call them from the JUnit thread, never an event loop.
 */
public final class TestCluster {

  private static final long START_SECONDS = 60;

  private final String name = "pushgate-test-" + UUID.randomUUID();
  private final JsonArray members = new JsonArray();

  /** A node of the cluster, and a client for its HTTP API when it has one. */
  public record Node(String name, Vertx vertx, ClusterView cluster, MainVerticle gateway, WebClient client) {

    /** Drains the node and closes its Vert.x, leaving the cluster: what the shutdown hook does on SIGTERM. */
    public Future<Void> shutDown() {
      return gateway.drain().compose(drained -> vertx.close());
    }
  }

  /** A free port for a Hazelcast member; the members list is fixed before any node starts, as in production. */
  public int reservePort() {
    int port = Ports.free();
    members.add("127.0.0.1:" + port);
    return port;
  }

  /**
   * Starts a node named {@code nodeName} on {@code port} (from {@link #reservePort()}) with the gateway config
   * {@code raw} ({@link TestConfigs#raw}), its {@code cluster} section filled in.
   */
  public Node start(String nodeName, int port, JsonObject raw) throws Exception {
    raw.put("cluster", new JsonObject().put("enabled", true).put("name", name).put("host", "127.0.0.1")
        .put("port", port).put("members", members.copy()).put("nodeName", nodeName));
    GatewayConfig config = TestConfigs.build(raw);
    Config hazelcast = Clustering.hazelcastConfig(config.cluster());
    hazelcast.setProperty("hazelcast.partition.count", "11");
    hazelcast.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    hazelcast.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
    Clustering.ClusteredNode node = Clustering.join(Vertx.builder(), new VertxOptions(), config.cluster(), hazelcast)
        .await(START_SECONDS, TimeUnit.SECONDS);
    MainVerticle gateway = new MainVerticle(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        node.cluster());
    node.vertx().deployVerticle(gateway).await(START_SECONDS, TimeUnit.SECONDS);
    WebClient client = config.http().enabled() ? WebClient.create(node.vertx(),
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.httpPort())) : null;
    return new Node(nodeName, node.vertx(), node.cluster(), gateway, client);
  }

  /**
   * Completes once {@code node} sees {@code count} members, looking every 20 ms: Hazelcast's membership events reach
   * each member in its own time. Fails after 20 s.
   */
  public static Future<Void> awaitMembers(Vertx vertx, ClusterView node, int count) {
    Promise<Void> seen = Promise.promise();
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    // Not setPeriodic(0, ...): Vert.x 5.0.7 runs a zero-delay first tick before the timer can be cancelled, and
    // cancelTimer from that tick throws a NullPointerException.
    vertx.setPeriodic(20, timer -> {
      if (node.members().size() == count) {
        seen.tryComplete();
      } else if (System.nanoTime() > giveUp) {
        seen.tryFail("still " + node.members().size() + " members, not " + count);
      }
      if (seen.future().isComplete()) {
        vertx.cancelTimer(timer);
      }
    });
    return seen.future();
  }
}
