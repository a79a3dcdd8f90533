package io.pushgate;

import io.pushgate.config.ConfigException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pushgate.config.ConfigLoader;
import io.pushgate.observability.RequestContext;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Pushgate: {@code java -jar pushgate.jar [-conf FILE]}. Loads the configuration (see {@link ConfigLoader}),
 * deploys {@link MainVerticle}, and closes Vert.x on shutdown. The only class that exits the JVM.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final long CLOSE_TIMEOUT_SECONDS = 30;

  private Main() {
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
    RequestContext.init();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .addLabels(Label.HTTP_ROUTE)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    // Vert.x 5 installs no shutdown hook: close it ourselves so that verticles stop and connections close.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> close(vertx), "pushgate-shutdown"));
    try {
      // Main runs on its own thread, not an event loop: waiting here blocks no one.
      ConfigLoader.load(vertx, configFile).compose(config -> vertx.deployVerticle(new MainVerticle(config, registry))).await();
    } catch (ConfigException e) {
      LOG.error("Pushgate cannot start: {}", e.getMessage());
      System.exit(1);
    } catch (RuntimeException e) {
      LOG.error("Pushgate cannot start", e);
      System.exit(1);
    }
  }

  private static void close(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly: {}", e.toString());
    }
  }
}
