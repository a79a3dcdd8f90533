package io.pushgate.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The load generator's options. Message counts are per row: {@code warmup} once before round 1, {@code messages}
 * in every round. {@code clusterPort} is the HTTP port of the clustered node the {@code cluster} row pushes to, and
 * {@code clusterPids} the JVMs of every node of that cluster.
 */
record LoadSettings(int gatewayPort, int controlPort, int sinkPort, long gatewayPid, int clusterPort,
                    List<Long> clusterPids, int rounds, long messages, long warmup, int senders, int connections,
                    int batchInflight, int batch100Inflight, int relayInflight) {

  static final int BIG_BATCH = 1000;
  static final int SMALL_BATCH = 100;
  /** Batches the bus row keeps outstanding, as many as the batch-1000 row. */
  static final int BUS_INFLIGHT = 4;

  LoadSettings {
    if (rounds < 1 || messages < 1 || warmup < 0 || senders < 1 || connections < 1 || batchInflight < 1
        || batch100Inflight < 1 || relayInflight < 1) {
      throw new IllegalArgumentException("counts must be positive (warm-up may be 0)");
    }
    clusterPids = List.copyOf(clusterPids);
  }

  static LoadSettings fromArgs(String[] args) {
    CommandLine options = CommandLine.parse(args);
    LoadSettings settings = new LoadSettings(
        options.requiredInt("gateway-port"),
        options.requiredInt("control-port"),
        options.requiredInt("sink-port"),
        options.requiredLong("gateway-pid"),
        options.requiredInt("cluster-port"),
        Arrays.stream(options.requiredString("cluster-pids").split(",")).map(Long::valueOf).toList(),
        options.intOr("rounds", 3),
        options.longOr("messages", 200_000),
        options.longOr("warmup", 400_000),
        options.intOr("senders", 4),
        options.intOr("connections", 32),
        options.intOr("batch-inflight", 4),
        options.intOr("batch100-inflight", 16),
        options.intOr("relay-inflight", 64));
    options.rejectUnknown();
    return settings;
  }

  /** Connections the gateway-facing client pools: enough for the busiest row. */
  int gatewayPoolSize() {
    return Math.max(Math.max(batchInflight, batch100Inflight), relayInflight);
  }
}
