package io.pushgate.bench;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The job benchmark's options ({@link JobLoad}). {@code gateways} are the gateway JVMs, one per store, the SQLite one
 * first: it also takes the {@code batch-1000} row. Every round submits, to every gateway, one job of
 * {@code jobMessages} and one of {@code acceptMessages} messages in each body format (one size when they are equal),
 * and pushes {@code jobMessages} messages as batches of 1000; {@code warmup} messages go once, before round 1, as one
 * JSON job per gateway and as batches. {@code partialTable} is a file that gets the table of the rounds done after
 * each round ({@code ""}: none).
 */
record JobSettings(int nginxPort, List<Long> nginxPids, List<JobGateway> gateways, int rounds, long jobMessages,
                   long acceptMessages, long warmup, String partialTable) {

  JobSettings {
    gateways = List.copyOf(gateways);
    nginxPids = List.copyOf(nginxPids);
    if (gateways.isEmpty() || gateways.get(0).store() != JobRow.Store.SQLITE) {
      throw new IllegalArgumentException("the first gateway must be the SQLite one");
    }
    if (rounds < 1 || jobMessages < 1 || acceptMessages < 1 || warmup < 0) {
      throw new IllegalArgumentException("counts must be positive (warm-up may be 0)");
    }
  }

  static JobSettings fromArgs(String[] args) {
    CommandLine options = CommandLine.parse(args);
    JobSettings settings = new JobSettings(
        options.requiredInt("sink-port"),
        LoadSettings.pids(options.requiredString("sink-pids")),
        Arrays.stream(options.requiredString("gateways").split(",")).map(JobGateway::parse).toList(),
        options.intOr("rounds", 3),
        options.longOr("job-messages", 1_000_000),
        options.longOr("accept-messages", 100_000),
        options.longOr("warmup", 100_000),
        options.stringOr("partial-table", ""));
    options.rejectUnknown();
    return settings;
  }

  JobGateway sqlite() {
    return gateways.get(0);
  }

  /** The job sizes of a round, largest first. */
  List<Long> jobSizes() {
    return new TreeSet<>(List.of(jobMessages, acceptMessages)).descendingSet().stream().toList();
  }

  /** Every row, in the table's order: batch-1000, then the job rows, then the job-accept rows. */
  List<JobRow> rows() {
    List<JobRow> rows = new java.util.ArrayList<>();
    rows.add(JobRow.batch1000(jobMessages));
    for (JobRow.Kind kind : List.of(JobRow.Kind.JOB, JobRow.Kind.JOB_ACCEPT)) {
      for (JobGateway gateway : gateways) {
        for (long size : jobSizes()) {
          for (JobFormat format : JobFormat.values()) {
            rows.add(new JobRow(kind, gateway.store(), format, size));
          }
        }
      }
    }
    return rows;
  }
}
