package io.pushgate.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The load generator's options. Message counts are per row: {@code warmup} once before round 1, {@code messages}
 * in every round; the old-client rows, which send one message at a time, send at most {@code oldClientMessages}.
 * {@code sink} is the nginx sink every row but {@link Row#DIRECT_JVM_SINK} sends to, {@code jvmSink} the JVM sink;
 * {@code clusterPort} is the HTTP port of the clustered node the {@code cluster} row pushes to, and
 * {@code clusterPids} the JVMs of every node of that cluster. {@code currentJar} and {@code baselineJar} are the two
 * single-node gateways started with {@code java -jar} from the current and a baseline build, or {@code null} (both)
 * when the run compares no builds. {@code undiciCommand} and {@code oldClientCommand} start the two external
 * drivers ({@link ExternalDriver}), whose stderr goes to {@code driverLog}.
 */
record LoadSettings(int gatewayPort, int controlPort, long gatewayPid, Endpoint sink, Endpoint jvmSink, Endpoint proxy,
                    int clusterPort, List<Long> clusterPids, Endpoint currentJar, Endpoint baselineJar, int rounds,
                    long messages, long warmup, long oldClientMessages, DirectFanOut.Shape direct, int batchInflight,
                    int batch100Inflight, int relayInflight, List<String> undiciCommand, List<String> oldClientCommand,
                    String driverLog, List<String> onlyRows) {

  /** A process listening on 127.0.0.1:{@code port}, and the pids whose CPU time is its own. */
  record Endpoint(int port, List<Long> pids) {

    Endpoint {
      pids = List.copyOf(pids);
    }
  }

  static final int BIG_BATCH = 1000;
  static final int SMALL_BATCH = 100;
  /** Batches the bus row keeps outstanding, as many as the batch-1000 row. */
  static final int BUS_INFLIGHT = 4;
  /** The path the direct rows, the proxy row and the undici row POST to on the sink (or through the proxy). */
  static final String SINK_PATH = "/push";
  static final String RELAY_PATH = "/v1/push/default";

  LoadSettings {
    if (rounds < 1 || messages < 1 || warmup < 0 || oldClientMessages < 1 || batchInflight < 1
        || batch100Inflight < 1 || relayInflight < 1) {
      throw new IllegalArgumentException("counts must be positive (warm-up may be 0)");
    }
    clusterPids = List.copyOf(clusterPids);
    undiciCommand = List.copyOf(undiciCommand);
    oldClientCommand = List.copyOf(oldClientCommand);
    onlyRows = List.copyOf(onlyRows);
    List<String> keys = Arrays.stream(Row.values()).map(Row::key).toList();
    for (String key : onlyRows) {
      if (!keys.contains(key)) {
        throw new IllegalArgumentException("unknown row '" + key + "' in --rows; the rows: " + keys);
      }
    }
    if ((currentJar == null) != (baselineJar == null)) {
      throw new IllegalArgumentException("a build comparison needs both the current and the baseline jar gateway");
    }
  }

  static LoadSettings fromArgs(String[] args) {
    CommandLine options = CommandLine.parse(args);
    LoadSettings settings = new LoadSettings(
        options.requiredInt("gateway-port"),
        options.requiredInt("control-port"),
        options.requiredLong("gateway-pid"),
        new Endpoint(options.requiredInt("sink-port"), pids(options.requiredString("sink-pids"))),
        new Endpoint(options.requiredInt("jvm-sink-port"), pids(options.requiredString("jvm-sink-pid"))),
        new Endpoint(options.requiredInt("proxy-port"), pids(options.requiredString("proxy-pid"))),
        options.requiredInt("cluster-port"),
        pids(options.requiredString("cluster-pids")),
        jarGateway(options, "current-jar"),
        jarGateway(options, "baseline-jar"),
        options.intOr("rounds", 5),
        options.longOr("messages", 200_000),
        options.longOr("warmup", 200_000),
        options.longOr("old-client-messages", 5_000),
        new DirectFanOut.Shape(options.intOr("direct-verticles", 2), options.intOr("direct-inflight", 128),
            options.intOr("direct-pool", 64)),
        options.intOr("batch-inflight", 4),
        options.intOr("batch100-inflight", 16),
        options.intOr("relay-inflight", 64),
        words(options.requiredString("undici-command")),
        words(options.requiredString("old-client-command")),
        options.requiredString("driver-log"),
        Arrays.stream(options.stringOr("rows", "").split("[,\\s]+")).filter(key -> !key.isEmpty()).toList());
    options.rejectUnknown();
    return settings;
  }

  /** {@code --NAME-port P --NAME-pid PID}, or {@code null} when neither is given. */
  private static Endpoint jarGateway(CommandLine options, String name) {
    int port = options.intOr(name + "-port", 0);
    long pid = options.longOr(name + "-pid", 0);
    if (port == 0 && pid == 0) {
      return null;
    }
    if (port < 1 || pid < 1) {
      throw new IllegalArgumentException("--" + name + "-port and --" + name + "-pid go together");
    }
    return new Endpoint(port, List.of(pid));
  }

  /** Comma-separated pids. */
  static List<Long> pids(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Long::valueOf).toList();
  }

  private static List<String> words(String command) {
    return Arrays.stream(command.trim().split("\\s+")).toList();
  }

  /** Whether the run measures a baseline build beside the current one ({@link Row#JAR_CURRENT} and the baseline's). */
  boolean comparesBuilds() {
    return currentJar != null;
  }

  /**
   * The rows this run measures, in {@link Row} order: those {@code --rows} names, or all; the build comparison's
   * only when it has its gateways.
   */
  List<Row> rows() {
    return Arrays.stream(Row.values()).filter(row -> comparesBuilds() || !row.comparesBuilds())
        .filter(row -> onlyRows.isEmpty() || onlyRows.contains(row.key())).toList();
  }

  /** Messages {@code row} sends in a round: {@code messages}, or fewer for the old client. */
  long messagesOf(Row row) {
    return row.isOldClient() ? Math.min(messages, oldClientMessages) : messages;
  }

  /** Messages {@code row} sends to warm up: {@code warmup}, or fewer for the old client. */
  long warmupOf(Row row) {
    return row.isOldClient() ? Math.min(warmup, oldClientMessages) : warmup;
  }

  /** Connections the gateway-facing client pools: enough for the busiest row. */
  int gatewayPoolSize() {
    return Math.max(Math.max(batchInflight, batch100Inflight), relayInflight);
  }
}
