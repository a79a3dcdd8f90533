package io.pushgate.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The load generator's options. Message counts are per row: {@code warmup} once before round 1, {@code messages}
 * in every round. {@code clusterPort} is the HTTP port of the clustered node the {@code cluster} row pushes to, and
 * {@code clusterPids} the JVMs of every node of that cluster. {@code currentJar} and {@code baselineJar} are the two
 * single-node gateways started with {@code java -jar} from the current and a baseline build, or {@code null} (both)
 * when the run compares no builds.
 */
record LoadSettings(int gatewayPort, int controlPort, int sinkPort, long gatewayPid, int clusterPort,
                    List<Long> clusterPids, JarGateway currentJar, JarGateway baselineJar, int rounds, long messages,
                    long warmup, int senders, int connections, int batchInflight, int batch100Inflight,
                    int relayInflight) {

  /** A gateway started from a jar: its HTTP port and the pid of its JVM. */
  record JarGateway(int port, long pid) {
  }

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
    if ((currentJar == null) != (baselineJar == null)) {
      throw new IllegalArgumentException("a build comparison needs both the current and the baseline jar gateway");
    }
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
        jarGateway(options, "current-jar"),
        jarGateway(options, "baseline-jar"),
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

  /** {@code --NAME-port P --NAME-pid PID}, or {@code null} when neither is given. */
  private static JarGateway jarGateway(CommandLine options, String name) {
    int port = options.intOr(name + "-port", 0);
    long pid = options.longOr(name + "-pid", 0);
    if (port == 0 && pid == 0) {
      return null;
    }
    if (port < 1 || pid < 1) {
      throw new IllegalArgumentException("--" + name + "-port and --" + name + "-pid go together");
    }
    return new JarGateway(port, pid);
  }

  /** Whether the run measures a baseline build beside the current one ({@link Row#JAR_CURRENT} and the baseline's). */
  boolean comparesBuilds() {
    return currentJar != null;
  }

  /** The rows this run measures, in {@link Row} order: the build comparison's only when it has its gateways. */
  List<Row> rows() {
    return Arrays.stream(Row.values()).filter(row -> comparesBuilds() || !row.comparesBuilds()).toList();
  }

  /** Connections the gateway-facing client pools: enough for the busiest row. */
  int gatewayPoolSize() {
    return Math.max(Math.max(batchInflight, batch100Inflight), relayInflight);
  }
}
