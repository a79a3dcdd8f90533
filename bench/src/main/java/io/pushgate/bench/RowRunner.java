package io.pushgate.bench;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one row for a number of messages and observes it from outside: the sink's count before and after, and the
 * CPU time and peak RSS of the gateway JVM(s) the row loads. Every run gets fresh sequence numbers. Used from the
 * load generator's main thread, which waits for each run: rows never overlap.
 */
final class RowRunner {

  private final LoadSettings settings;
  private final List<DirectSenderVerticle> directSenders;
  private final GatewayLoadVerticle gatewayLoad;
  private final SinkStats sink;
  private final GatewayProcess gateway;
  private final List<GatewayProcess> clusterNodes;
  /** The jar gateways of the build comparison, or {@code null} when the run compares no builds. */
  private final GatewayProcess currentJar;
  private final GatewayProcess baselineJar;
  private long nextSeq;

  RowRunner(LoadSettings settings, List<DirectSenderVerticle> directSenders, GatewayLoadVerticle gatewayLoad,
            SinkStats sink, GatewayProcess gateway, List<GatewayProcess> clusterNodes) {
    this.settings = settings;
    this.directSenders = directSenders;
    this.gatewayLoad = gatewayLoad;
    this.sink = sink;
    this.gateway = gateway;
    this.clusterNodes = List.copyOf(clusterNodes);
    this.currentJar = settings.comparesBuilds() ? new GatewayProcess(settings.currentJar().pid()) : null;
    this.baselineJar = settings.comparesBuilds() ? new GatewayProcess(settings.baselineJar().pid()) : null;
  }

  RowRun run(Row row, int round, long messages) {
    long firstSeq = nextSeq;
    nextSeq += messages;
    long sinkBefore = sink.received();
    // The cluster row's CPU is that of every node: the clustered bus costs on both ends.
    List<GatewayProcess> observed = switch (row) {
      case CLUSTER -> clusterNodes;
      case JAR_CURRENT -> List.of(currentJar);
      case JAR_BASELINE -> List.of(baselineJar);
      default -> List.of(gateway);
    };
    long cpuBefore = cpuMicros(observed);
    Measurement measurement = switch (row) {
      case DIRECT -> direct(messages, firstSeq);
      case BATCH_1000 -> gatewayLoad.batches(settings.gatewayPort(), messages, LoadSettings.BIG_BATCH,
          settings.batchInflight(), firstSeq).await();
      case BATCH_100 -> gatewayLoad.batches(settings.gatewayPort(), messages, LoadSettings.SMALL_BATCH,
          settings.batch100Inflight(), firstSeq).await();
      case RELAY -> gatewayLoad.relay(messages, settings.relayInflight(), firstSeq).await();
      case BUS -> gatewayLoad.bus(messages, LoadSettings.BIG_BATCH, LoadSettings.BUS_INFLIGHT, firstSeq).await();
      case CLUSTER -> gatewayLoad.batches(settings.clusterPort(), messages, LoadSettings.BIG_BATCH,
          settings.batchInflight(), firstSeq).await();
      case JAR_CURRENT -> gatewayLoad.batches(settings.currentJar().port(), messages, LoadSettings.BIG_BATCH,
          settings.batchInflight(), firstSeq).await();
      case JAR_BASELINE -> gatewayLoad.batches(settings.baselineJar().port(), messages, LoadSettings.BIG_BATCH,
          settings.batchInflight(), firstSeq).await();
    };
    double cpuPerMessage = (double) (cpuMicros(observed) - cpuBefore) / messages;
    long sinkDelta = sink.received() - sinkBefore;
    double peakRssMb = observed.stream().mapToDouble(GatewayProcess::peakRssMb).max().orElse(Double.NaN);
    return row.usesGateway()
        ? new RowRun(row, round, measurement, sinkDelta, cpuPerMessage, peakRssMb)
        : new RowRun(row, round, measurement, sinkDelta, Double.NaN, Double.NaN);
  }

  private static long cpuMicros(List<GatewayProcess> processes) {
    return processes.stream().mapToLong(GatewayProcess::cpuMicros).sum();
  }

  /** Splits the messages over the direct senders, which run in parallel; timed from here, around all of them. */
  private Measurement direct(long messages, long firstSeq) {
    List<Future<LoadRecorder>> runs = new ArrayList<>();
    int senders = directSenders.size();
    long startNanos = System.nanoTime();
    long seq = firstSeq;
    for (int i = 0; i < senders; i++) {
      long share = messages / senders + (i < messages % senders ? 1 : 0);
      runs.add(directSenders.get(i).run(share, seq));
      seq += share;
    }
    Future.all(runs).await();
    long elapsedNanos = System.nanoTime() - startNanos;
    LoadRecorder merged = new LoadRecorder();
    runs.forEach(run -> merged.add(run.result()));
    return merged.measurement(messages, elapsedNanos);
  }
}
