package io.pushgate.bench;

import io.vertx.core.Vertx;
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's driver, in its own JVM:
 * {@code java -cp pushgate-bench.jar io.pushgate.bench.LoadGenerator --gateway-port G --control-port C
 * --gateway-pid PID --sink-port S --sink-pids PIDS --jvm-sink-port S --jvm-sink-pid PID --proxy-port P
 * --proxy-pid PID --cluster-port P --cluster-pids PID1,PID2 --undici-command CMD --old-client-command CMD
 * --driver-log FILE [--current-jar-port P --current-jar-pid PID --baseline-jar-port P --baseline-jar-pid PID]
 * [--rounds 5 --messages 200000 --warmup 200000 --old-client-messages 5000 --direct-verticles 2
 * --direct-inflight 128 --direct-pool 64 --batch-inflight 4 --batch100-inflight 16 --relay-inflight 64]}.
 *
 * <p>Warms every {@link Row} up once, then runs the rows in order, once each per round, so that drift over time
 * (JIT, GC, a noisy neighbour) spreads over all rows instead of landing on one. With the two jar gateways of a build
 * comparison, their rows run one after the other in every round, the current build first in odd rounds and the
 * baseline first in even ones, so that neither always runs in the other's wake. Starts the undici and old-client
 * drivers ({@link ExternalDriver}) once and ends them at the end. Progress goes to stderr; the result table to
 * stdout. Exits 1 when any message was not delivered exactly once, 2 when the run itself broke.
 */
public final class LoadGenerator {

  private LoadGenerator() {
  }

  public static void main(String[] args) {
    BenchLogging.useBenchConfig();
    LoadSettings settings = LoadSettings.fromArgs(args);
    Vertx vertx = Vertx.vertx();
    long errors;
    try (ExternalDriver undici = ExternalDriver.start("undici", settings.undiciCommand(),
        new File(settings.driverLog()));
         ExternalDriver oldClient = ExternalDriver.start("old-client", settings.oldClientCommand(),
             new File(settings.driverLog()))) {
      List<RowRun> runs = run(vertx, settings, undici, oldClient);
      errors = runs.stream().mapToLong(RowRun::errors).sum();
      System.out.print(new ResultTable(settings, runs).render());
      System.out.flush();
    } catch (Exception e) {
      // Not only RuntimeException: Future.await() rethrows a failure as it is, checked ones (ConnectException)
      // included, and an uncaught one would end only this thread while Vert.x's threads keep the JVM alive.
      System.err.println("load generator failed: " + e);
      e.printStackTrace();
      System.exit(2);
      return;
    }
    if (errors > 0) {
      System.err.println("FAILED: " + errors + " message(s) not delivered exactly once");
      System.exit(1);
    }
    System.exit(0);
  }

  /** Deploys the drivers and runs everything; blocks, on the main thread, which is no event loop. */
  private static List<RowRun> run(Vertx vertx, LoadSettings settings, ExternalDriver undici,
                                  ExternalDriver oldClient) {
    System.err.println("direct fan-out: " + settings.direct());
    DirectFanOut direct = DirectFanOut.deploy(vertx, settings.sink().port(), settings.direct());
    DirectFanOut directJvmSink = DirectFanOut.deploy(vertx, settings.jvmSink().port(), settings.direct());
    GatewayLoadVerticle gatewayLoad = new GatewayLoadVerticle(settings.controlPort(), settings.gatewayPoolSize());
    vertx.deployVerticle(gatewayLoad).await();
    RowRunner runner = new RowRunner(settings, direct, directJvmSink, gatewayLoad, undici, oldClient,
        new NginxStatus(vertx, settings.sink().port()), new SinkStats(vertx, settings.jvmSink().port()));

    List<RowRun> runs = new ArrayList<>();
    if (settings.warmup() > 0) {
      for (Row row : order(settings, RowRun.WARM_UP)) {
        runs.add(report(runner.run(row, RowRun.WARM_UP, settings.warmupOf(row)), settings));
      }
    }
    for (int round = 1; round <= settings.rounds(); round++) {
      for (Row row : order(settings, round)) {
        runs.add(report(runner.run(row, round, settings.messagesOf(row)), settings));
      }
    }
    return runs;
  }

  /** The rows of one round, in {@link Row} order except that even rounds run the baseline jar before the current. */
  private static List<Row> order(LoadSettings settings, int round) {
    List<Row> rows = new ArrayList<>(settings.rows());
    if (round % 2 == 0 && settings.comparesBuilds()) {
      Collections.swap(rows, rows.indexOf(Row.JAR_CURRENT), rows.indexOf(Row.JAR_BASELINE));
    }
    return rows;
  }

  private static RowRun report(RowRun run, LoadSettings settings) {
    String when = run.round() == RowRun.WARM_UP ? "warm-up" : "round " + run.round() + "/" + settings.rounds();
    Measurement m = run.measurement();
    System.err.println(String.format(Locale.ROOT,
        "[%s] %-18s %,d msgs in %.2f s = %,.0f msg/s; errors %d (sink got %,d); CPU µs/msg load %s, gateway %s, "
            + "sink %s; gateway peak RSS %s MB",
        when, run.row().label, m.messages(), m.elapsedNanos() / 1e9, run.messagesPerSecond(), run.errors(),
        run.sinkDelta(), format(run.loadCpuMicrosPerMessage(), "%.1f"),
        format(run.gatewayCpuMicrosPerMessage(), "%.1f"), format(run.sinkCpuMicrosPerMessage(), "%.1f"),
        format(run.gatewayPeakRssMb(), "%.0f")));
    return run;
  }

  private static String format(double value, String format) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
  }
}
