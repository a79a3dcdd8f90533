package io.pushgate.bench;

import java.util.List;

/**
 * Runs one row for a number of messages and observes it from outside: the sink's count before and after, and the
 * CPU time of every process the row loads (its driver, its gateway, its sink) and the gateway's peak RSS. Every run
 * gets fresh sequence numbers. Used from the load generator's main thread, which waits for each run: rows never
 * overlap.
 */
final class RowRunner {

  /** The processes a row loads. {@code gateway} is empty for the rows without one. */
  private record Observed(List<ObservedProcess> load, List<ObservedProcess> gateway, List<ObservedProcess> sink) {
  }

  private final LoadSettings settings;
  private final DirectFanOut direct;
  private final DirectFanOut directJvmSink;
  private final GatewayLoadVerticle gatewayLoad;
  private final ExternalDriver undici;
  private final ExternalDriver oldClient;
  private final SinkCounter nginx;
  private final SinkCounter jvmSink;
  private final List<ObservedProcess> self = List.of(new ObservedProcess(ProcessHandle.current().pid()));
  private final List<ObservedProcess> nginxProcesses;
  private final List<ObservedProcess> jvmSinkProcesses;
  private final List<ObservedProcess> gateway;
  private final List<ObservedProcess> proxy;
  private final List<ObservedProcess> clusterNodes;
  private final List<ObservedProcess> currentJar;
  private final List<ObservedProcess> baselineJar;
  private long nextSeq;

  RowRunner(LoadSettings settings, DirectFanOut direct, DirectFanOut directJvmSink, GatewayLoadVerticle gatewayLoad,
            ExternalDriver undici, ExternalDriver oldClient, SinkCounter nginx, SinkCounter jvmSink) {
    this.settings = settings;
    this.direct = direct;
    this.directJvmSink = directJvmSink;
    this.gatewayLoad = gatewayLoad;
    this.undici = undici;
    this.oldClient = oldClient;
    this.nginx = nginx;
    this.jvmSink = jvmSink;
    this.nginxProcesses = ObservedProcess.of(settings.sink().pids());
    this.jvmSinkProcesses = ObservedProcess.of(settings.jvmSink().pids());
    this.gateway = ObservedProcess.of(List.of(settings.gatewayPid()));
    this.proxy = ObservedProcess.of(settings.proxy().pids());
    this.clusterNodes = ObservedProcess.of(settings.clusterPids());
    this.currentJar = settings.comparesBuilds() ? ObservedProcess.of(settings.currentJar().pids()) : List.of();
    this.baselineJar = settings.comparesBuilds() ? ObservedProcess.of(settings.baselineJar().pids()) : List.of();
  }

  RowRun run(Row row, int round, long messages) {
    long firstSeq = nextSeq;
    nextSeq += messages;
    SinkCounter sink = row.usesJvmSink() ? jvmSink : nginx;
    Observed observed = observed(row);
    long sinkBefore = sink.received();
    long loadBefore = ObservedProcess.cpuMicros(observed.load());
    long gatewayBefore = ObservedProcess.cpuMicros(observed.gateway());
    long sinkCpuBefore = ObservedProcess.cpuMicros(observed.sink());
    Measurement measurement = measure(row, messages, firstSeq);
    double load = perMessage(ObservedProcess.cpuMicros(observed.load()) - loadBefore, messages);
    double gatewayCpu = perMessage(ObservedProcess.cpuMicros(observed.gateway()) - gatewayBefore, messages);
    double sinkCpu = perMessage(ObservedProcess.cpuMicros(observed.sink()) - sinkCpuBefore, messages);
    long sinkDelta = sink.received() - sinkBefore;
    double peakRssMb = observed.gateway().stream().mapToDouble(ObservedProcess::peakRssMb).max().orElse(Double.NaN);
    return row.usesGateway()
        ? new RowRun(row, round, measurement, sinkDelta, load, gatewayCpu, sinkCpu, peakRssMb)
        : new RowRun(row, round, measurement, sinkDelta, load, Double.NaN, sinkCpu, Double.NaN);
  }

  private Measurement measure(Row row, long messages, long firstSeq) {
    int nginxPort = settings.sink().port();
    return switch (row) {
      case DIRECT -> direct.run(messages, firstSeq);
      case DIRECT_JVM_SINK -> directJvmSink.run(messages, firstSeq);
      case UNDICI -> undici.run(nginxPort, LoadSettings.SINK_PATH, messages, firstSeq);
      case BATCH_1000 -> batches(settings.gatewayPort(), LoadSettings.BIG_BATCH, settings.batchInflight(), messages,
          firstSeq);
      case BATCH_100 -> batches(settings.gatewayPort(), LoadSettings.SMALL_BATCH, settings.batch100Inflight(),
          messages, firstSeq);
      case RELAY -> gatewayLoad.relay(settings.gatewayPort(), LoadSettings.RELAY_PATH, messages,
          settings.relayInflight(), firstSeq).await();
      case PROXY -> gatewayLoad.relay(settings.proxy().port(), LoadSettings.SINK_PATH, messages,
          settings.relayInflight(), firstSeq).await();
      case BUS -> gatewayLoad.bus(messages, LoadSettings.BIG_BATCH, LoadSettings.BUS_INFLIGHT, firstSeq).await();
      case CLUSTER -> batches(settings.clusterPort(), LoadSettings.BIG_BATCH, settings.batchInflight(), messages,
          firstSeq);
      case OLD_CLIENT_DIRECT -> oldClient.run(nginxPort, LoadSettings.SINK_PATH, messages, firstSeq);
      case OLD_CLIENT_RELAY -> oldClient.run(settings.gatewayPort(), LoadSettings.RELAY_PATH, messages, firstSeq);
      case JAR_CURRENT -> batches(settings.currentJar().port(), LoadSettings.BIG_BATCH, settings.batchInflight(),
          messages, firstSeq);
      case JAR_BASELINE -> batches(settings.baselineJar().port(), LoadSettings.BIG_BATCH, settings.batchInflight(),
          messages, firstSeq);
    };
  }

  private Measurement batches(int port, int batchSize, int inFlight, long messages, long firstSeq) {
    return gatewayLoad.batches(port, messages, batchSize, inFlight, firstSeq).await();
  }

  /**
   * Whose CPU belongs to {@code row}. The cluster row's gateway CPU is that of every node: the clustered bus costs
   * on both ends. The proxy stands where the gateway stands in the relay row.
   */
  private Observed observed(Row row) {
    List<ObservedProcess> load = switch (row) {
      case UNDICI -> List.of(undici.process());
      case OLD_CLIENT_DIRECT, OLD_CLIENT_RELAY -> List.of(oldClient.process());
      default -> self;
    };
    List<ObservedProcess> gatewayProcesses = switch (row) {
      case DIRECT, DIRECT_JVM_SINK, UNDICI, OLD_CLIENT_DIRECT -> List.of();
      case PROXY -> proxy;
      case CLUSTER -> clusterNodes;
      case JAR_CURRENT -> currentJar;
      case JAR_BASELINE -> baselineJar;
      default -> gateway;
    };
    return new Observed(load, gatewayProcesses, row.usesJvmSink() ? jvmSinkProcesses : nginxProcesses);
  }

  private static double perMessage(long cpuMicros, long messages) {
    return (double) cpuMicros / messages;
  }
}
