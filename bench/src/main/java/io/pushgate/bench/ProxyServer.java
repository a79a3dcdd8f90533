package io.pushgate.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The proxy row's reverse proxy, in its own JVM: {@code java -Xmx256m -cp pushgate-bench.jar
 * io.pushgate.bench.ProxyServer --port P --target-port S [--pool 32]}. Forwards every request on 127.0.0.1:P to
 * 127.0.0.1:S with one {@link ProxyVerticle} per event loop, each with a pool of {@code pool} connections, and
 * prints {@code proxy listening on P (pid N)} when ready.
 */
public final class ProxyServer {

  private ProxyServer() {
  }

  public static void main(String[] args) {
    BenchLogging.useBenchConfig();
    CommandLine options = CommandLine.parse(args);
    int port = options.requiredInt("port");
    int targetPort = options.requiredInt("target-port");
    int pool = options.intOr("pool", 32);
    options.rejectUnknown();
    Vertx vertx = Vertx.vertx();
    try {
      // Main runs on its own thread, not an event loop: waiting here blocks no one.
      vertx.deployVerticle(() -> new ProxyVerticle(port, targetPort, pool),
          new DeploymentOptions().setInstances(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)).await();
    } catch (Exception e) {
      // Not only RuntimeException: Future.await() rethrows a BindException from listen() as it is.
      System.err.println("proxy cannot start: " + e);
      System.exit(1);
    }
    // run.sh waits for this line and takes the pid from it.
    System.out.println("proxy listening on " + port + " (pid " + ProcessHandle.current().pid() + ")");
  }
}
