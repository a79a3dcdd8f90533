package io.pushgate.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts the benchmark's push target: {@code java -cp pushgate-bench.jar io.pushgate.bench.Sink --port P
 * [--delay-ms D]}, D the time it takes to answer each POST (the soak run's slow target). Serves
 * 127.0.0.1:P with one {@link SinkVerticle} per event loop and prints {@code sink listening on P} when ready.
 */
public final class Sink {

  private Sink() {
  }

  public static void main(String[] args) {
    BenchLogging.useBenchConfig();
    CommandLine options = CommandLine.parse(args);
    int port = options.requiredInt("port");
    long delayMs = options.longOr("delay-ms", 0);
    options.rejectUnknown();
    Vertx vertx = Vertx.vertx();
    AtomicLong received = new AtomicLong();
    try {
      // Main runs on its own thread, not an event loop: waiting here blocks no one.
      vertx.deployVerticle(() -> new SinkVerticle(received, port, delayMs),
          new DeploymentOptions().setInstances(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)).await();
    } catch (Exception e) {
      // Not only RuntimeException: Future.await() rethrows a BindException from listen() as it is.
      System.err.println("sink cannot start: " + e);
      System.exit(1);
    }
    // run.sh waits for this exact line.
    System.out.println("sink listening on " + port);
  }
}
