package io.pushgate.bench;

import java.util.Locale;

/** The rows of the benchmark, in the order each round runs them. */
enum Row {
  /**
   * The load generator fans messages out to the nginx sink itself with raw Vert.x WebClients, set up as the direct
   * sweep found fastest: the baseline, no gateway.
   */
  DIRECT("direct"),
  /** The same fan-out to the JVM sink, the sink of the runs before the nginx one: what the sink costs. */
  DIRECT_JVM_SINK("direct (JVM sink)"),
  /** A node process fans out to the sink with undici: one {@code Pool} of 64 connections, 64 in flight. */
  UNDICI("undici"),
  /** {@code POST /v1/push} with 1000 messages per request. */
  BATCH_1000("batch-1000"),
  /** {@code POST /v1/push} with 100 messages per request. */
  BATCH_100("batch-100"),
  /** {@code POST /v1/push/default}, one message per request. */
  RELAY("relay"),
  /** The relay's load, one message per request, through a plain vertx-http-proxy reverse proxy to the sink. */
  PROXY("proxy"),
  /** The event-bus API, driven from inside the gateway JVM with batches of 1000. */
  BUS("bus"),
  /**
   * {@code POST /v1/push} with 1000 messages per request, as {@link #BATCH_1000}, to a node of a two-node cluster
   * whose chunks the senders of both nodes deliver: against {@code batch-1000}, the cost of the clustered bus.
   */
  CLUSTER("cluster"),
  /**
   * The original Python client's pattern, one aiohttp {@code ClientSession} and one {@code await session.post(...)}
   * at a time, straight at the sink.
   */
  OLD_CLIENT_DIRECT("old-client direct"),
  /** The same client through the gateway's relay route: against {@link #OLD_CLIENT_DIRECT}, the added latency. */
  OLD_CLIENT_RELAY("old-client relay"),
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

  /** The row's name in {@code ROWS}: its label with every run of other characters than letters and digits a dash. */
  String key() {
    return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-$", "");
  }

  /** Whether the row goes through a gateway (or the proxy), so that its CPU and memory belong to the row. */
  boolean usesGateway() {
    return this != DIRECT && this != DIRECT_JVM_SINK && this != UNDICI && this != OLD_CLIENT_DIRECT;
  }

  /** Whether the row's messages go to the JVM sink rather than to nginx. */
  boolean usesJvmSink() {
    return this == DIRECT_JVM_SINK;
  }

  /** Whether the row is the old Python client's, which sends one message at a time and so fewer messages. */
  boolean isOldClient() {
    return this == OLD_CLIENT_DIRECT || this == OLD_CLIENT_RELAY;
  }

  /** Whether the row belongs to the comparison of two builds, run only when a baseline jar is given. */
  boolean comparesBuilds() {
    return this == JAR_CURRENT || this == JAR_BASELINE;
  }
}
