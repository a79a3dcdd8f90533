package io.pushgate.bench;

/** The rows of the benchmark, in the order each round runs them. */
enum Row {
  /** The load generator fans messages out to the sink itself: the baseline, no gateway. */
  DIRECT("direct"),
  /** {@code POST /v1/push} with 1000 messages per request. */
  BATCH_1000("batch-1000"),
  /** {@code POST /v1/push} with 100 messages per request. */
  BATCH_100("batch-100"),
  /** {@code POST /v1/push/default}, one message per request. */
  RELAY("relay"),
  /** The event-bus API, driven from inside the gateway JVM with batches of 1000. */
  BUS("bus"),
  /**
   * {@code POST /v1/push} with 1000 messages per request, as {@link #BATCH_1000}, to a node of a two-node cluster
   * whose chunks the senders of both nodes deliver: against {@code batch-1000}, the cost of the clustered bus.
   */
  CLUSTER("cluster"),
  /**
   * The load of {@link #BATCH_1000} to a single-node gateway of the current build started as the shipped jar is
   * ({@code java -jar}); measured only when the run compares builds, against {@link #JAR_BASELINE}.
   */
  JAR_CURRENT("jar batch-1000 (current)"),
  /** The same, to a gateway started the same way from the baseline build's jar ({@code BASELINE_JAR}). */
  JAR_BASELINE("jar batch-1000 (baseline)");

  final String label;

  Row(String label) {
    this.label = label;
  }

  /** Whether the row goes through the gateway, so that the gateway's CPU and memory belong to it. */
  boolean usesGateway() {
    return this != DIRECT;
  }

  /** Whether the row belongs to the comparison of two builds, run only when a baseline jar is given. */
  boolean comparesBuilds() {
    return this == JAR_CURRENT || this == JAR_BASELINE;
  }
}
