package io.pushgate.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Renders the job benchmark's runs as Markdown: one line per row (medians over the timed rounds), every round's
 * rates, whether the SQLite job rows reached the goal (0.8 × batch-1000 of the same round), and what the columns mean.
 */
final class JobTable {

  /** The goal: a job delivers at least this fraction of batch-1000's rate, on SQLite. */
  static final double GOAL = 0.8;

  private static final String NONE = "—";

  private final JobSettings settings;
  private final List<JobRun> runs;

  JobTable(JobSettings settings, List<JobRun> runs) {
    this.settings = settings;
    this.runs = List.copyOf(runs);
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append("| row | store | body | msgs per job | msg/s median (min–max) | ratio to batch-1000 (median) "
        + "| gateway CPU µs/msg | store CPU µs/msg | gateway peak RSS MB | errors |\n");
    out.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (JobRow row : settings.rows()) {
      List<JobRun> timed = timed(row);
      double[] rates = timed.stream().mapToDouble(JobRun::messagesPerSecond).toArray();
      out.append("| ").append(row.kind().label)
          .append(" | ").append(row.store() == null ? "SQLite (gateway)" : row.store().label)
          .append(" | ").append(row.format() == null ? "push JSON" : row.format().label)
          .append(" | ").append(count(row.messages()))
          .append(" | ").append(count(median(rates))).append(" (").append(count(min(rates))).append("–")
          .append(count(max(rates))).append(")")
          .append(" | ").append(row.kind() == JobRow.Kind.JOB ? fixed(median(ratios(timed))) : NONE)
          .append(" | ").append(fixed1(median(values(timed, JobRun::gatewayCpuMicrosPerMessage))))
          .append(" | ").append(storeCpu(row, timed))
          .append(" | ").append(whole(max(values(timed, JobRun::gatewayPeakRssMb))))
          .append(" | ").append(runs.stream().filter(run -> run.row().equals(row)).mapToLong(JobRun::errors).sum())
          .append(" |\n");
    }
    out.append('\n').append(roundTable()).append('\n').append(goal()).append('\n').append(notes());
    return out.toString();
  }

  private String roundTable() {
    StringBuilder out = new StringBuilder("| row |");
    StringBuilder rule = new StringBuilder("|---|");
    for (int round = 1; round <= settings.rounds(); round++) {
      out.append(" round ").append(round).append(" msg/s (ratio) |");
      rule.append("---:|");
    }
    out.append('\n').append(rule).append('\n');
    for (JobRow row : settings.rows()) {
      out.append("| ").append(name(row)).append(" |");
      for (JobRun run : timed(row)) {
        out.append(' ').append(count(run.messagesPerSecond()));
        if (row.kind() == JobRow.Kind.JOB) {
          out.append(" (").append(fixed(run.messagesPerSecond() / batchRate(run.round()))).append(')');
        }
        out.append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Whether every SQLite job row of the big size reached {@link #GOAL} × batch-1000, as medians of same-round ratios. */
  private String goal() {
    StringBuilder out = new StringBuilder("Goal `job` ≥ " + fixed(GOAL) + " × `batch-1000` on SQLite ("
        + count(settings.jobMessages()) + "-message jobs, median of same-round ratios): ");
    boolean held = true;
    boolean measured = true;
    String separator = "";
    for (JobRow row : settings.rows()) {
      if (row.kind() == JobRow.Kind.JOB && row.store() == JobRow.Store.SQLITE
          && row.messages() == settings.jobMessages()) {
        double ratio = median(ratios(timed(row)));
        measured &= !Double.isNaN(ratio);
        held &= ratio >= GOAL;
        out.append(separator).append(row.format().label).append(' ').append(fixed(ratio));
        separator = ", ";
      }
    }
    long errors = runs.stream().mapToLong(JobRun::errors).sum();
    if (!measured) {
      return out.append(" — **no verdict**: not measured\n").toString();
    }
    if (errors > 0) {
      return out.append(" — **no verdict**: ").append(errors).append(" message(s) not delivered exactly once\n")
          .toString();
    }
    return out.append(held ? " — **held**" : " — **not held**").append('\n').toString();
  }

  private String notes() {
    return "Medians over " + settings.rounds() + " round(s); every job of a round runs alone (the next starts once "
        + "it is completed). batch-1000 = POST /v1/push, 1000 messages per request, 4 in flight, to the SQLite "
        + "gateway JVM, " + count(settings.jobMessages()) + " messages per round; ratio = job rate / batch-1000 "
        + "rate of the same round. job = messages / (first status read showing `completed` − the 202's last byte); "
        + "status read at most every " + JobRunner.POLL_MS + " ms, so the end is late by up to that much. "
        + "job-accept = messages / (first byte of POST /v1/jobs − the 202's last byte), body streamed with a "
        + "Content-Length, " + JobBodyStream.MESSAGES_PER_WRITE + " messages per write. Every message ~200 bytes.\n"
        + "CPU = utime+stime over the timed phase / messages. gateway = the gateway JVM (-Xmx256m); with SQLite the "
        + "store runs inside it (sqlite-jdbc), so its cost is in that column and the store column says "
        + "`in gateway`. store = the PostgreSQL 15 server's process tree (postmaster and every backend, exited "
        + "ones through their parent's cutime/cstime). Peak RSS = the gateway JVM's VmHWM after the phase. "
        + "Errors = messages not delivered + |nginx POSTs during the job − messages| (warm-up included).\n";
  }

  private String name(JobRow row) {
    return row.kind().label + (row.store() == null ? ""
        : " " + row.store().label + " " + row.format().label + " " + count(row.messages()));
  }

  private String storeCpu(JobRow row, List<JobRun> timed) {
    if (row.store() == null) {
      return NONE;
    }
    if (row.store() == JobRow.Store.SQLITE) {
      return "in gateway";
    }
    return fixed1(median(values(timed, JobRun::storeCpuMicrosPerMessage)));
  }

  private double[] ratios(List<JobRun> timed) {
    return timed.stream().mapToDouble(run -> run.messagesPerSecond() / batchRate(run.round())).toArray();
  }

  private List<JobRun> timed(JobRow row) {
    return runs.stream().filter(run -> run.row().equals(row) && run.round() != RowRun.WARM_UP).toList();
  }

  private double batchRate(int round) {
    return runs.stream().filter(run -> run.row().kind() == JobRow.Kind.BATCH_1000 && run.round() == round)
        .mapToDouble(JobRun::messagesPerSecond).findFirst().orElse(Double.NaN);
  }

  private static double[] values(List<JobRun> timed, ToDoubleFunction<JobRun> field) {
    return timed.stream().mapToDouble(field).filter(v -> !Double.isNaN(v)).toArray();
  }

  private static double median(double[] values) {
    return ResultTable.median(values);
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  private static String count(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String fixed(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String whole(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f", value);
  }

  private static String fixed1(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
  }
}
