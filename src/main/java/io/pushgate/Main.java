package io.pushgate;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pushgate.cluster.ClusterView;
import io.pushgate.cluster.Clustering.ClusteredNode;
import io.pushgate.cluster.Clustering;
import io.pushgate.config.ClusterConfig;
import io.pushgate.config.ConfigException;
import io.pushgate.config.ConfigLoader;
import io.pushgate.config.GatewayConfig;
import io.pushgate.config.StartupException;
import io.pushgate.observability.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Pushgate: {@code java -jar pushgate.jar [-conf FILE] [-cluster]}; with {@code --health-check}, checks the
 * gateway running beside it instead ({@link HealthCheck}). Loads the configuration (see
 * {@link ConfigLoader}), builds Vert.x with Micrometer metrics (clustered with Hazelcast when
 * {@code cluster.enabled}), deploys {@link MainVerticle}, and installs the graceful shutdown ({@link Shutdown}). The
 * only class that exits the JVM (with {@link OutOfMemoryExit}): 1 when it cannot start, 2 on bad arguments, 3 when
 * the JVM runs out of memory.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  /** {@code -cluster} sets this system property, which wins over the file and the environment. */
  private static final String CLUSTER_PROPERTY = "pushgate.cluster.enabled";

  private Main() {
  }

  /**
   * The Vert.x instance the gateway runs on: Micrometer metrics into {@code registry} (JVM metrics, the HTTP route
   * as a label, no per-request client metrics), and the request-id context local registered first. Embedders and the
   * benchmark build theirs here.
   */
  public static Vertx vertx(PrometheusMeterRegistry registry) {
    return builder(registry).with(options()).build();
  }

  /** Like {@link #vertx}, clustered as {@code cluster} says, with Hazelcast's {@link Clustering#hazelcastConfig}. */
  public static Future<ClusteredNode> clusteredVertx(PrometheusMeterRegistry registry, ClusterConfig cluster) {
    return Clustering.join(builder(registry), options(), cluster, Clustering.hazelcastConfig(cluster));
  }

  private static VertxBuilder builder(PrometheusMeterRegistry registry) {
    RequestContext.init();
    return Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry));
  }

  private static VertxOptions options() {
    return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .addLabels(Label.HTTP_ROUTE)
        // Per-request HTTP client meters cost several percent of throughput (tags built and looked up on every
        // request) and repeat pushgate_attempts_total and pushgate_delivery_latency_seconds.
        .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT));
  }

  /** A clustered node with no members to join forms a cluster of itself alone: say so, it is rarely meant. */
  private static void warnIfAlone(ClusterConfig cluster) {
    if (cluster.members().isEmpty()) {
      LOG.warn("clustering is on but cluster.members is empty: this node forms a cluster of one and finds no other "
          + "node; list every node, this one included, as host:port in cluster.members "
          + "(PUSHGATE_CLUSTER_MEMBERS=10.0.0.1:5701,10.0.0.2:5701)");
    }
  }

  public static void main(String[] args) {
    String configFile = null;
    boolean healthCheck = false;
    for (int i = 0; i < args.length; i++) {
      if (("-conf".equals(args[i]) || "--conf".equals(args[i])) && i + 1 < args.length) {
        configFile = args[++i];
      } else if ("-cluster".equals(args[i]) || "--cluster".equals(args[i])) {
        System.setProperty(CLUSTER_PROPERTY, "true");
      } else if ("--health-check".equals(args[i])) {
        healthCheck = true;
      } else {
        System.err.println("usage: java -jar pushgate.jar [-conf FILE] [-cluster] [--health-check]");
        System.exit(2);
      }
    }
    if (healthCheck) {
      System.exit(HealthCheck.run(configFile));
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = vertx(registry);
    OutOfMemoryExit.install(vertx);
    Shutdown shutdown = Shutdown.install(vertx);
    try {
      // Main runs on its own thread, not an event loop: waiting here blocks no one.
      ConfigLoader.Loaded loaded = ConfigLoader.read(vertx, configFile).await();
      LOG.info("{}", loaded.describeSource());
      GatewayConfig config = loaded.config();
      ClusterView cluster = ClusterView.SINGLE;
      if (config.cluster().enabled()) {
        warnIfAlone(config.cluster());
        // The config is read before joining: a clustered Vert.x is built clustered, so it replaces this one.
        vertx.close().await();
        ClusteredNode node = clusteredVertx(registry, config.cluster()).await();
        vertx = node.vertx();
        OutOfMemoryExit.watch(vertx);
        cluster = node.cluster();
        shutdown.closes(vertx);
        LOG.info("joined cluster {} as {} with {} members", config.cluster().name(), config.cluster().nodeName(),
            cluster.members().size());
      }
      vertx.deployVerticle(shutdown.drainOnExit(new MainVerticle(config, registry, cluster))).await();
    } catch (ConfigException | StartupException e) {
      // The message says what to do; a stack trace would only hide it.
      LOG.error("Pushgate cannot start: {}", e.getMessage());
      shutdown.exit(1);
    } catch (Exception e) {
      // await() rethrows checked failures too, such as a BindException when the port is taken.
      LOG.error("Pushgate cannot start", e);
      shutdown.exit(1);
    }
  }
}
