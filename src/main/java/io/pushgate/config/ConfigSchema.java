package io.pushgate.config;

import java.util.List;
import java.util.Optional;

/**
 * Every configuration key the gateway reads, with its type, default and bounds. The config file, environment
 * variables and system properties are all checked against this list; README's config reference documents it.
 */
public final class ConfigSchema {

  public static final String HTTP = "http";
  public static final String PUSH = "push";
  public static final String SENDERS = "senders";
  public static final String DEMO_RECEIVER = "demoReceiver";
  public static final String TARGETS = "targets";
  public static final String LIMITS = "limits";
  public static final String SHUTDOWN = "shutdown";
  public static final String AUTH = "auth";
  public static final String CLUSTER = "cluster";
  public static final String JOBS = "jobs";
  public static final String CONSOLE = "console";

  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
  /**
   * Request bodies being read or held per node: four bodies of the largest size. With
   * {@link #DEFAULT_MAX_ANSWER_BYTES_IN_FLIGHT} it keeps what clients can pin to 128 MiB, half of a 256 MB heap.
   */
  public static final int DEFAULT_MAX_BODY_BYTES_IN_FLIGHT = 64 * 1024 * 1024;
  /** Batch answers held until their last byte is written, per node: about one and a half 10,000 x 4 KB answers. */
  public static final int DEFAULT_MAX_ANSWER_BYTES_IN_FLIGHT = 64 * 1024 * 1024;
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  public static final int DEFAULT_IDLE_TIMEOUT_MS = 60_000;
  public static final int DEFAULT_REQUEST_READ_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_ANSWER_WRITE_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_MAX_BATCH = 10_000;
  public static final int DEFAULT_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_MAX_TIMEOUT_MS = 300_000;
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 4096;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_TARGET = 32;
  public static final int DEFAULT_MAX_WAIT_QUEUE = 1024;
  public static final int DEFAULT_DEMO_RECEIVER_PORT = 8081;
  public static final int DEFAULT_TARGET_TIMEOUT_MS = 5000;
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final int DEFAULT_BACKOFF_INITIAL_MS = 100;
  public static final int DEFAULT_BACKOFF_MAX_MS = 5000;
  /** Sized so that a full backlog of 1 KB messages stays well inside a 256 MB heap (see BENCHMARKS.md, soak). */
  public static final int DEFAULT_MAX_IN_FLIGHT = 20_000;
  public static final int DEFAULT_TARGET_MAX_IN_FLIGHT = 20_000;
  /** Half: a stuck target leaves the other half of the node's admission to the others, and a full batch fits. */
  public static final int DEFAULT_MAX_TARGET_SHARE_PERCENT = 50;
  public static final int DEFAULT_DRAIN_MS = 30_000;
  public static final int DEFAULT_BREAKER_MAX_FAILURES = 20;
  public static final int DEFAULT_BREAKER_RESET_TIMEOUT_MS = 10_000;
  public static final String DEFAULT_JOBS_STORE_URL = "sqlite:data/pushgate-jobs.db";
  public static final int DEFAULT_JOBS_STORE_MAX_CONNECTIONS = 4;
  public static final int DEFAULT_JOBS_MAX_MESSAGES = 1_000_000;
  public static final int DEFAULT_JOBS_RETENTION_HOURS = 72;
  /**
   * Job messages one node holds in its senders at once, across jobs: a tenth of the default admission limit, so that
   * synchronous batches keep the rest, and enough to keep every connection of a target busy.
   */
  public static final int DEFAULT_JOBS_MAX_IN_FLIGHT = 8000;
  public static final int DEFAULT_JOBS_CLAIM_BATCH = 2000;
  public static final int DEFAULT_JOBS_LEASE_MS = 30_000;
  public static final int DEFAULT_JOBS_POLL_MS = 1000;
  public static final String DEFAULT_CLUSTER_NAME = "pushgate";
  public static final String DEFAULT_CLUSTER_HOST = "127.0.0.1";
  public static final int DEFAULT_CLUSTER_PORT = 5701;

  private static final long INT_MAX = Integer.MAX_VALUE;

  /** All keys, in the order of the README's table. */
  public static final List<ConfigKey> KEYS = List.of(
      ConfigKey.bool("http.enabled", true),
      ConfigKey.string("http.host", "0.0.0.0"),
      ConfigKey.integer("http.port", DEFAULT_HTTP_PORT, 0, 65535),
      ConfigKey.integer("http.maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 1, INT_MAX),
      ConfigKey.integer("http.maxBodyBytesInFlight", DEFAULT_MAX_BODY_BYTES_IN_FLIGHT, 1, INT_MAX),
      ConfigKey.integer("http.maxAnswerBytesInFlight", DEFAULT_MAX_ANSWER_BYTES_IN_FLIGHT, 1, INT_MAX),
      ConfigKey.integer("http.maxConnections", DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
      ConfigKey.integer("http.idleTimeoutMs", DEFAULT_IDLE_TIMEOUT_MS, 1, INT_MAX),
      ConfigKey.integer("http.requestReadTimeoutMs", DEFAULT_REQUEST_READ_TIMEOUT_MS, 1, INT_MAX),
      ConfigKey.integer("http.answerWriteTimeoutMs", DEFAULT_ANSWER_WRITE_TIMEOUT_MS, 1, INT_MAX),
      ConfigKey.file("http.tls.certPath"),
      ConfigKey.file("http.tls.keyPath"),
      ConfigKey.integer("push.maxBatch", DEFAULT_MAX_BATCH, 1, 1_000_000),
      ConfigKey.integer("push.defaultTimeoutMs", DEFAULT_TIMEOUT_MS, 1, INT_MAX),
      ConfigKey.integer("push.maxTimeoutMs", DEFAULT_MAX_TIMEOUT_MS, 1, INT_MAX),
      ConfigKey.integer("push.maxResponseBytes", DEFAULT_MAX_RESPONSE_BYTES, 0, 16 * 1024 * 1024),
      ConfigKey.integer("senders.instances", 0, 0, 1024),
      ConfigKey.integer("senders.maxConnectionsPerTarget", DEFAULT_MAX_CONNECTIONS_PER_TARGET, 1, 10_000),
      ConfigKey.integer("senders.maxWaitQueue", DEFAULT_MAX_WAIT_QUEUE, 0, 1_000_000),
      ConfigKey.integer("limits.maxInFlight", DEFAULT_MAX_IN_FLIGHT, 1, 100_000_000),
      ConfigKey.integer("limits.maxTargetSharePercent", DEFAULT_MAX_TARGET_SHARE_PERCENT, 1, 100),
      ConfigKey.integer("shutdown.drainMs", DEFAULT_DRAIN_MS, 0, INT_MAX),
      ConfigKey.stringList("auth.apiKeys"),
      ConfigKey.bool("console.enabled", true),
      ConfigKey.bool("jobs.enabled", true),
      ConfigKey.storeUrl("jobs.store.url", DEFAULT_JOBS_STORE_URL),
      ConfigKey.integer("jobs.store.maxConnections", DEFAULT_JOBS_STORE_MAX_CONNECTIONS, 1, 1000),
      ConfigKey.integer("jobs.maxMessages", DEFAULT_JOBS_MAX_MESSAGES, 1, 100_000_000),
      ConfigKey.integer("jobs.retentionHours", DEFAULT_JOBS_RETENTION_HOURS, 1, 100_000),
      ConfigKey.integer("jobs.maxInFlight", DEFAULT_JOBS_MAX_IN_FLIGHT, 1, 1_000_000),
      ConfigKey.integer("jobs.claimBatch", DEFAULT_JOBS_CLAIM_BATCH, 1, 10_000),
      ConfigKey.integer("jobs.leaseMs", DEFAULT_JOBS_LEASE_MS, 3000, INT_MAX),
      ConfigKey.integer("jobs.pollMs", DEFAULT_JOBS_POLL_MS, 10, 60_000),
      ConfigKey.bool("cluster.enabled", false),
      ConfigKey.string("cluster.name", DEFAULT_CLUSTER_NAME),
      ConfigKey.string("cluster.host", DEFAULT_CLUSTER_HOST),
      ConfigKey.integer("cluster.port", DEFAULT_CLUSTER_PORT, 1, 65535),
      ConfigKey.stringList("cluster.members"),
      ConfigKey.string("cluster.publicHost", null),
      ConfigKey.string("cluster.nodeName", null),
      ConfigKey.bool("demoReceiver.enabled", true),
      ConfigKey.string("demoReceiver.host", "127.0.0.1"),
      ConfigKey.integer("demoReceiver.port", DEFAULT_DEMO_RECEIVER_PORT, 0, 65535),
      ConfigKey.url("targets.*.url"),
      ConfigKey.string("targets.*.kind", TargetKind.WEBHOOK.json()),
      ConfigKey.integer("targets.*.timeoutMs", DEFAULT_TARGET_TIMEOUT_MS, 1, INT_MAX),
      ConfigKey.integer("targets.*.maxAttempts", DEFAULT_MAX_ATTEMPTS, 1, 100),
      ConfigKey.integer("targets.*.backoff.initialMs", DEFAULT_BACKOFF_INITIAL_MS, 0, INT_MAX),
      ConfigKey.integer("targets.*.backoff.maxMs", DEFAULT_BACKOFF_MAX_MS, 0, INT_MAX),
      ConfigKey.stringMap("targets.*.headers"),
      ConfigKey.integer("targets.*.maxInFlight", DEFAULT_TARGET_MAX_IN_FLIGHT, 1, 100_000_000),
      ConfigKey.integer("targets.*.circuitBreaker.maxFailures", DEFAULT_BREAKER_MAX_FAILURES, 0, INT_MAX),
      ConfigKey.integer("targets.*.circuitBreaker.resetTimeoutMs", DEFAULT_BREAKER_RESET_TIMEOUT_MS, 1, INT_MAX),
      ConfigKey.secrets("targets.*.signingSecret"),
      ConfigKey.file("targets.*.trustStore.path"),
      ConfigKey.string("targets.*.vapid.publicKey", null),
      ConfigKey.string("targets.*.vapid.privateKey", null),
      ConfigKey.string("targets.*.vapid.subject", null),
      ConfigKey.stringList("targets.*.allowedOrigins"),
      ConfigKey.file("targets.*.fcm.serviceAccountPath"),
      ConfigKey.string("targets.*.apns.teamId", null),
      ConfigKey.string("targets.*.apns.keyId", null),
      ConfigKey.file("targets.*.apns.keyPath"),
      ConfigKey.string("targets.*.apns.topic", null));

  private ConfigSchema() {
  }

  /** The key whose path matches {@code path}, a target name standing in for {@code *}. */
  public static Optional<ConfigKey> find(String path) {
    String[] segments = path.split("\\.", -1);
    for (ConfigKey key : KEYS) {
      List<String> keySegments = key.segments();
      if (keySegments.size() == segments.length && matches(keySegments, segments)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code path} is an object on the way to some key ({@code http}, {@code targets.a.backoff}). */
  public static boolean isBranch(String path) {
    String[] segments = path.split("\\.", -1);
    for (ConfigKey key : KEYS) {
      List<String> keySegments = key.segments();
      if (keySegments.size() > segments.length && matches(keySegments, segments)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(List<String> keySegments, String[] segments) {
    for (int i = 0; i < segments.length; i++) {
      String expected = keySegments.get(i);
      if (!expected.equals("*") && !expected.equals(segments[i]) || segments[i].isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
