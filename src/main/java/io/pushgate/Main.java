package io.pushgate;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pushgate.config.ConfigException;
import io.pushgate.config.ConfigLoader;
import io.pushgate.observability.RequestContext;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Pushgate: {@code java -jar pushgate.jar [-conf FILE]}. Builds Vert.x with Micrometer metrics, loads the
 * configuration (see {@link ConfigLoader}), deploys {@link MainVerticle}, and installs the graceful shutdown
 * ({@link Shutdown}). The only class that exits the JVM: 1 when it cannot start, 2 on bad arguments.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  /**
   * The Vert.x instance the gateway runs on: Micrometer metrics into {@code registry} (JVM metrics, the HTTP route
   * as a label, no per-request client metrics), and the request-id context local registered first. Embedders and the benchmark build theirs here.
   */
  public static Vertx vertx(PrometheusMeterRegistry registry) {
    RequestContext.init();
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .addLabels(Label.HTTP_ROUTE)
            // Per-request HTTP client meters cost several percent of throughput (tags built and looked up on every
            // request) and repeat pushgate_attempts_total and pushgate_delivery_latency_seconds.
            .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  public static void main(String[] args) {
    String configFile = null;
    for (int i = 0; i < args.length; i++) {
      if (("-conf".equals(args[i]) || "--conf".equals(args[i])) && i + 1 < args.length) {
        configFile = args[++i];
      } else {
        System.err.println("usage: java -jar pushgate.jar [-conf FILE]");
        System.exit(2);
      }
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = vertx(registry);
    Shutdown shutdown = Shutdown.install(vertx);
    try {
      // Main runs on its own thread, not an event loop: waiting here blocks no one.
      ConfigLoader.load(vertx, configFile)
          .compose(config -> vertx.deployVerticle(shutdown.drainOnExit(new MainVerticle(config, registry))))
          .await();
    } catch (ConfigException e) {
      LOG.error("Pushgate cannot start: {}", e.getMessage());
      shutdown.exit(1);
    } catch (Exception e) {
      // await() rethrows checked failures too, such as a BindException when the port is taken.
      LOG.error("Pushgate cannot start", e);
      shutdown.exit(1);
    }
  }
}
