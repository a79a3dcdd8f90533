package io.pushgate.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Renders the runs as Markdown: one summary line per row (medians over the timed rounds), then every round's rate,
 * then, when the run compares two builds, the current build's rate over the baseline's.
 */
final class ResultTable {

  private static final String NONE = "—";

  private final LoadSettings settings;
  private final List<RowRun> runs;

  ResultTable(LoadSettings settings, List<RowRun> runs) {
    this.settings = settings;
    this.runs = List.copyOf(runs);
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append("| row | sink | msgs per round (warm-up) | msg/s median (min–max) | ratio to direct (median) "
        + "| req p50/p99/p99.9 ms | msg p50/p99/p99.9 ms | load gen CPU µs/msg | gateway CPU µs/msg "
        + "| sink CPU µs/msg | gateway peak RSS MB | errors |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : settings.rows()) {
      List<RowRun> timed = timed(row);
      double[] rates = timed.stream().mapToDouble(RowRun::messagesPerSecond).toArray();
      double[] ratios = timed.stream().mapToDouble(run -> run.messagesPerSecond() / directRate(run.round()))
          .toArray();
      out.append("| ").append(row.label)
          .append(" | ").append(row.usesJvmSink() ? "JVM" : "nginx")
          .append(" | ").append(count(settings.messagesOf(row))).append(" (").append(count(settings.warmupOf(row)))
          .append(")")
          .append(" | ").append(count(median(rates))).append(" (").append(count(min(rates))).append("–")
          .append(count(max(rates))).append(")")
          .append(" | ").append(String.format(Locale.ROOT, "%.2f", median(ratios)))
          .append(" | ").append(latencies(timed, Measurement::request))
          .append(" | ").append(latencies(timed, Measurement::message))
          .append(" | ").append(orNa(median(values(timed, RowRun::loadCpuMicrosPerMessage)), "%.1f"))
          .append(" | ").append(orNa(median(values(timed, RowRun::gatewayCpuMicrosPerMessage)), "%.1f"))
          .append(" | ").append(orNa(median(values(timed, RowRun::sinkCpuMicrosPerMessage)), "%.1f"))
          .append(" | ").append(orNa(max(values(timed, RowRun::gatewayPeakRssMb)), "%.0f"))
          .append(" | ").append(runs.stream().filter(run -> run.row() == row).mapToLong(RowRun::errors).sum())
          .append(" |\n");
    }
    out.append('\n').append(roundTable()).append('\n');
    out.append(oldClientLatency()).append('\n');
    if (settings.comparesBuilds()) {
      out.append(buildComparison()).append('\n');
    }
    out.append(notes());
    return out.toString();
  }

  /**
   * What the relay route adds to the old client's latency per message: {@code old-client relay} less
   * {@code old-client direct}, p50 and p99, per round (both rows measured in the same round) and their medians.
   */
  private String oldClientLatency() {
    List<RowRun> direct = timed(Row.OLD_CLIENT_DIRECT);
    List<RowRun> relay = timed(Row.OLD_CLIENT_RELAY);
    int rounds = Math.min(direct.size(), relay.size());
    if (rounds == 0) {
      return "";
    }
    double[] p50 = new double[rounds];
    double[] p99 = new double[rounds];
    StringBuilder perRound = new StringBuilder();
    for (int i = 0; i < rounds; i++) {
      Percentiles d = direct.get(i).measurement().message();
      Percentiles r = relay.get(i).measurement().message();
      p50[i] = r.p50() - d.p50();
      p99[i] = r.p99() - d.p99();
      perRound.append(i == 0 ? "" : ", ").append("round ").append(direct.get(i).round()).append(' ')
          .append(ms(p50[i])).append(" / ").append(ms(p99[i]));
    }
    return "old-client latency added by the relay route per message (relay − direct, same round), p50 / p99: **"
        + ms(median(p50)) + " / " + ms(median(p99)) + " ms** median (" + perRound + ")\n";
  }

  private String roundTable() {
    StringBuilder out = new StringBuilder("| row |");
    StringBuilder rule = new StringBuilder("|---|");
    for (int round = 1; round <= settings.rounds(); round++) {
      out.append(" round ").append(round).append(" msg/s (ratio) |");
      rule.append("---:|");
    }
    out.append('\n').append(rule).append('\n');
    for (Row row : settings.rows()) {
      out.append("| ").append(row.label).append(" |");
      for (RowRun run : timed(row)) {
        out.append(' ').append(count(run.messagesPerSecond()))
            .append(String.format(Locale.ROOT, " (%.2f)", run.messagesPerSecond() / directRate(run.round())))
            .append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** {@code current / baseline: 1.01× median (round 1 1.01×, ...)}, and both JVMs' CPU per message. */
  private String buildComparison() {
    List<RowRun> current = timed(Row.JAR_CURRENT);
    List<RowRun> baseline = timed(Row.JAR_BASELINE);
    double[] ratios = new double[current.size()];
    StringBuilder rounds = new StringBuilder();
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = current.get(i).messagesPerSecond() / baseline.get(i).messagesPerSecond();
      rounds.append(i == 0 ? "" : ", ").append("round ").append(current.get(i).round()).append(' ')
          .append(times(ratios[i]));
    }
    return "current / baseline: **" + times(median(ratios)) + "** median (" + rounds + "); gateway CPU µs/msg "
        + orNa(median(values(current, RowRun::gatewayCpuMicrosPerMessage)), "%.1f") + " current, "
        + orNa(median(values(baseline, RowRun::gatewayCpuMicrosPerMessage)), "%.1f") + " baseline (medians)\n";
  }

  private String notes() {
    String jars = !settings.comparesBuilds() ? ""
        : "jar rows = batch-1000's load to two more single-node gateways started alike with java -jar, one from the "
            + "current build and one from BASELINE_JAR, each its own JVM (its CPU and RSS are that JVM's); run back "
            + "to back in every round, the current first in odd rounds; current / baseline = their rates' ratio in "
            + "the same round.\n";
    return "Medians over " + settings.rounds() + " round(s) of " + count(settings.messages())
        + " messages per row (old-client rows " + count(Math.min(settings.messages(), settings.oldClientMessages()))
        + "); rows interleaved within each round; ratio = row rate / direct rate of the same round. "
        + "direct = " + settings.direct() + ".\n"
        + "req = whole-request latency as the caller saw it (bus: timed inside the gateway JVM); "
        + "msg = per-message latency: direct, undici, proxy and old-client rows per POST, relay per call, batch and "
        + "bus rows from each result's latencyMs (ms resolution, measured by the gateway's sender).\n"
        + "CPU = utime+stime over the run / messages, of: load gen = the process that drove the row (the load "
        + "generator JVM; node for undici; python3 for old-client); gateway = the gateway JVM (bus includes the "
        + "bench's load verticle, which runs in that JVM; cluster sums both nodes' JVMs, and its peak RSS is the "
        + "larger node's; proxy = the proxy's JVM); sink = nginx's master and worker, or the JVM sink. "
        + "Errors = undelivered + failed calls + sink count mismatch, warm-up "
        + "included (a lost message counts twice: undelivered and missing at the sink).\n"
        + jars;
  }

  private List<RowRun> timed(Row row) {
    return runs.stream().filter(run -> run.row() == row && run.round() != RowRun.WARM_UP).toList();
  }

  private double directRate(int round) {
    return runs.stream().filter(run -> run.row() == Row.DIRECT && run.round() == round)
        .mapToDouble(RowRun::messagesPerSecond).findFirst().orElse(Double.NaN);
  }

  /** Median p50, p99 and p99.9 over the runs, in ms; {@link #NONE} when the row records no such latency. */
  private static String latencies(List<RowRun> timed, Function<Measurement, Percentiles> which) {
    List<Percentiles> all = new ArrayList<>();
    for (RowRun run : timed) {
      Percentiles p = which.apply(run.measurement());
      if (p != null) {
        all.add(p);
      }
    }
    if (all.isEmpty()) {
      return NONE;
    }
    return ms(median(all, Percentiles::p50)) + " / " + ms(median(all, Percentiles::p99)) + " / "
        + ms(median(all, Percentiles::p999));
  }

  private static double median(List<Percentiles> all, ToLongFunction<Percentiles> field) {
    return median(all.stream().mapToDouble(p -> field.applyAsLong(p)).toArray());
  }

  private static double[] values(List<RowRun> timed, ToDoubleFunction<RowRun> field) {
    return timed.stream().mapToDouble(field).filter(v -> !Double.isNaN(v)).toArray();
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  private static String ms(double micros) {
    return String.format(Locale.ROOT, "%.2f", micros / 1000);
  }

  private static String times(double ratio) {
    return String.format(Locale.ROOT, "%.2f×", ratio);
  }

  private static String count(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String orNa(double value, String format) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
  }
}
