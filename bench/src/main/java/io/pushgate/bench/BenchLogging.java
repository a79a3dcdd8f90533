package io.pushgate.bench;

/**
 * Points Logback at the bench's own configuration, {@code logback-bench.xml} (stderr, Netty at WARN). It is not
 * named {@code logback.xml} because the gateway JVM has both jars on its class path and must keep the gateway's.
 */
final class BenchLogging {

  private static final String CONFIG_PROPERTY = "logback.configurationFile";

  private BenchLogging() {
  }

  /** Call first in a bench-only main, before anything creates a logger. */
  static void useBenchConfig() {
    if (System.getProperty(CONFIG_PROPERTY) == null) {
      System.setProperty(CONFIG_PROPERTY, "logback-bench.xml");
    }
  }
}
