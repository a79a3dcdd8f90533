package io.pushgate.bench;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The job benchmark's driver ({@code MODE=jobs bench/run.sh}), in its own JVM:
 * {@code java -cp pushgate-bench.jar io.pushgate.bench.JobLoad --sink-port S --sink-pids PIDS
 * --gateways sqlite:PORT:PID[,postgresql:PORT:PID:SERVER_PID] [--rounds 3 --job-messages 1000000
 * --accept-messages 100000 --warmup 100000 --partial-table FILE]}.
 *
 * <p>Warms up once (batches and one JSON job per gateway), then in every round pushes {@code batch-1000}'s load to
 * the SQLite gateway and submits, to every gateway, a job of each size in each body format, one at a time, each
 * polled until it completes; each job gives a {@code job-accept} and a {@code job} run. The stores' order flips in
 * even rounds, and so does the formats', so that neither always runs in the other's wake. Progress goes to stderr,
 * the table to stdout. Exits 1 when any message was not delivered exactly once, 2 when the run broke (a job refused
 * or not completed in time: the table of what was measured is still printed).
 */
public final class JobLoad {

  private JobLoad() {
  }

  public static void main(String[] args) {
    BenchLogging.useBenchConfig();
    JobSettings settings = JobSettings.fromArgs(args);
    Vertx vertx = Vertx.vertx();
    List<JobRun> runs = new ArrayList<>();
    int status = 0;
    try {
      run(vertx, settings, runs);
    } catch (Exception e) {
      // Not only RuntimeException: Future.await() rethrows a failure as it is, checked ones included.
      System.err.println("job load failed: " + e);
      e.printStackTrace();
      status = 2;
    }
    System.out.print(new JobTable(settings, runs).render());
    System.out.flush();
    long errors = runs.stream().mapToLong(JobRun::errors).sum();
    if (status == 0 && errors > 0) {
      System.err.println("FAILED: " + errors + " message(s) not delivered exactly once");
      status = 1;
    }
    System.exit(status);
  }

  /** Runs everything on the main thread, which is no event loop, adding every run to {@code runs} as it ends. */
  private static void run(Vertx vertx, JobSettings settings, List<JobRun> runs) {
    JobClientVerticle client = new JobClientVerticle();
    vertx.deployVerticle(client).await();
    GatewayLoadVerticle batches = new GatewayLoadVerticle(0, 4);
    vertx.deployVerticle(batches).await();
    JobRunner runner = new JobRunner(settings, client, batches, new NginxStatus(vertx, settings.nginxPort()));
    if (settings.warmup() > 0) {
      runs.add(report(runner.batch1000(RowRun.WARM_UP, settings.warmup()), settings));
      for (JobGateway gateway : settings.gateways()) {
        runner.job(RowRun.WARM_UP, gateway, JobFormat.JSON, settings.warmup())
            .forEach(run -> runs.add(report(run, settings)));
      }
    }
    for (int round = 1; round <= settings.rounds(); round++) {
      runs.add(report(runner.batch1000(round, settings.jobMessages()), settings));
      for (JobGateway gateway : flipped(settings.gateways(), round)) {
        for (long size : settings.jobSizes()) {
          for (JobFormat format : flipped(List.of(JobFormat.values()), round)) {
            for (JobRun run : runner.job(round, gateway, format, size)) {
              runs.add(report(run, settings));
            }
          }
        }
      }
      writePartial(settings, runs, round);
    }
  }

  /** The table of the rounds so far, to {@code --partial-table} when given: what is left should the run be cut. */
  private static void writePartial(JobSettings settings, List<JobRun> runs, int round) {
    if (settings.partialTable().isEmpty()) {
      return;
    }
    String header = "Partial: " + round + " of " + settings.rounds() + " round(s) done.\n\n";
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of(settings.partialTable()),
          header + new JobTable(settings, runs).render());
    } catch (java.io.IOException e) {
      System.err.println("cannot write " + settings.partialTable() + ": " + e);
    }
  }

  /** {@code items} in order in odd rounds, reversed in even ones. */
  private static <T> List<T> flipped(List<T> items, int round) {
    List<T> copy = new ArrayList<>(items);
    if (round % 2 == 0) {
      java.util.Collections.reverse(copy);
    }
    return copy;
  }

  private static JobRun report(JobRun run, JobSettings settings) {
    String when = run.round() == RowRun.WARM_UP ? "warm-up" : "round " + run.round() + "/" + settings.rounds();
    JobRow row = run.row();
    System.err.println(String.format(Locale.ROOT,
        "[%s] %-10s %-10s %-6s %,d msgs in %.2f s = %,.0f msg/s; errors %d; CPU µs/msg gateway %.1f, store %s; "
            + "gateway peak RSS %.0f MB",
        when, row.kind().label, row.store() == null ? "SQLite" : row.store().label,
        row.format() == null ? "push" : row.format().label, row.messages(), run.elapsedNanos() / 1e9,
        run.messagesPerSecond(), run.errors(), run.gatewayCpuMicrosPerMessage(),
        Double.isNaN(run.storeCpuMicrosPerMessage()) ? "n/a"
            : String.format(Locale.ROOT, "%.1f", run.storeCpuMicrosPerMessage()),
        run.gatewayPeakRssMb()));
    return run;
  }
}
