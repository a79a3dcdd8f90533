package io.pushgate.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pushgate.Main;
import io.pushgate.MainVerticle;
import io.pushgate.config.ConfigException;
import io.pushgate.config.ConfigLoader;
import io.pushgate.config.GatewayConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Starts the gateway as {@code io.pushgate.Main} does (same Vert.x set-up, metrics included), plus the bench-only {@link BusLoadVerticle} in the
 * same Vert.x instance:
 * {@code java -cp pushgate.jar:pushgate-bench.jar io.pushgate.bench.BenchGateway -conf FILE --control-port P}.
 * Prints {@code bench gateway ready (pid ..., http port ..., control port ...)} once everything is deployed; the
 * pid is this JVM's, whose CPU time and peak RSS the load generator reads.
 */
public final class BenchGateway {

  private BenchGateway() {
  }

  public static void main(String[] args) {
    CommandLine options = CommandLine.parse(args);
    String configFile = options.requiredString("conf");
    int controlPort = options.requiredInt("control-port");
    options.rejectUnknown();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Main.vertx(registry);
    int httpPort;
    try {
      // Main runs on its own thread, not an event loop: waiting here blocks no one.
      GatewayConfig config = ConfigLoader.load(vertx, configFile).await();
      MainVerticle gateway = new MainVerticle(config, registry);
      vertx.deployVerticle(gateway).await();
      httpPort = gateway.httpPort();
      vertx.deployVerticle(new BusLoadVerticle(),
          new DeploymentOptions().setConfig(new JsonObject().put("controlPort", controlPort))).await();
    } catch (ConfigException e) {
      System.err.println("bench gateway cannot start: " + e.getMessage());
      System.exit(1);
      return;
    } catch (Exception e) {
      // Not only RuntimeException: Future.await() rethrows a failure as it is, e.g. a BindException from listen(),
      // and an uncaught one would end only this thread while Vert.x's threads keep the JVM alive.
      System.err.println("bench gateway cannot start: " + e);
      e.printStackTrace();
      System.exit(1);
      return;
    }
    // run.sh waits for this line and takes the pid from it.
    System.out.println("bench gateway ready (pid " + ProcessHandle.current().pid() + ", http port " + httpPort
        + ", control port " + controlPort + ")");
  }
}
