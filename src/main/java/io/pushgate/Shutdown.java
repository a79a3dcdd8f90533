package io.pushgate;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM shutdown hook. Vert.x 5 installs none (and the Hazelcast cluster manager turns Hazelcast's own off), so
 * without it a SIGTERM would drop requests in flight. On SIGTERM it drains the gateway ({@link MainVerticle#drain()}:
 * refuse new work and other nodes' chunks, finish what is in flight, up to {@code shutdown.drainMs}), then closes
 * Vert.x, which undeploys the verticles and, on a cluster, leaves it. It ends the JVM with status 0, the status of a
 * clean stop (a JVM ended by a signal would otherwise report 143).
 */
final class Shutdown {

  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);
  private static final long CLOSE_TIMEOUT_SECONDS = 30;

  private volatile Vertx vertx;
  private volatile MainVerticle gateway;
  private volatile Integer exitStatus;

  private Shutdown(Vertx vertx) {
    this.vertx = vertx;
  }

  static Shutdown install(Vertx vertx) {
    Shutdown shutdown = new Shutdown(vertx);
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown::run, "pushgate-shutdown"));
    return shutdown;
  }

  /** Closes {@code clustered} on shutdown instead of the Vert.x it was installed with, which is closed already. */
  void closes(Vertx clustered) {
    vertx = clustered;
  }

  /** Drains {@code main} on shutdown, once it is deployed; returns it. */
  MainVerticle drainOnExit(MainVerticle main) {
    gateway = main;
    return main;
  }

  /** Exits with {@code status}, which the hook then keeps. */
  void exit(int status) {
    exitStatus = status;
    System.exit(status);
  }

  private void run() {
    try {
      MainVerticle main = gateway;
      if (main != null && exitStatus == null) {
        Future<Void> drained = main.drain();
        // Logged once draining has started: a line to wait for before expecting refusals.
        LOG.info("Pushgate draining");
        drained.await();
      }
      vertx.close().await(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      LOG.info("Pushgate stopped");
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly: {}", e.toString());
    }
    if (exitStatus == null) {
      Runtime.getRuntime().halt(0);
    }
  }
}
