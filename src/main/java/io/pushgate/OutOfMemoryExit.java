package io.pushgate;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process when the JVM runs out of memory or hits another {@link VirtualMachineError}. A node whose event
 * loops died of an {@link OutOfMemoryError} stays up but dead: it answers nothing, not even its liveness probe, and
 * ignores SIGTERM, so no supervisor restarts it. Exiting with {@link #STATUS} lets one.
 *
 * <p>This sees what reaches Vert.x's exception handler (thrown by any handler on any context) and what ends a thread.
 * An error that Netty catches inside its own pipeline reaches neither: {@code -XX:+ExitOnOutOfMemoryError}, which the
 * Dockerfile and the README's run command pass, covers those too, and {@link Main} warns when it is missing.
 */
final class OutOfMemoryExit {

  /** The exit status, the one {@code -XX:+ExitOnOutOfMemoryError} gives. */
  static final int STATUS = 3;
  private static final String FLAG = "-XX:+ExitOnOutOfMemoryError";
  private static final Logger LOG = LoggerFactory.getLogger(OutOfMemoryExit.class);

  private OutOfMemoryExit() {
  }

  /** Watches {@code vertx}'s handlers and every thread; warns when the JVM flag is missing. Once per JVM. */
  static void install(Vertx vertx) {
    watch(vertx);
    Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> unhandled(failure));
    if (!java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().contains(FLAG)) {
      LOG.warn("started without {}: an OutOfMemoryError inside Netty would leave the process up but unable to serve;"
          + " pass it to java (the Dockerfile does)", FLAG);
    }
  }

  /** Watches the handlers of {@code vertx}, a Vert.x built after {@link #install} (a clustered node's). */
  static void watch(Vertx vertx) {
    vertx.exceptionHandler(OutOfMemoryExit::unhandled);
  }

  /** What Vert.x logs for an exception no handler took, plus the exit on a JVM error. */
  private static void unhandled(Throwable failure) {
    if (failure instanceof VirtualMachineError) {
      try {
        // No logging framework here: it may need memory there is none of.
        System.err.println("Pushgate stops: " + failure);
      } finally {
        Runtime.getRuntime().halt(STATUS);
      }
    }
    LOG.error("Unhandled exception", failure);
  }
}
