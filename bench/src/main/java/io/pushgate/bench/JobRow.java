package io.pushgate.bench;

/**
 * A row of the job benchmark ({@code MODE=jobs bench/run.sh}): what is timed, against which store, with which body,
 * for how many messages per job.
 *
 * @param kind what is timed
 * @param store the gateway's job store; {@code null} for {@link Kind#BATCH_1000}, whose gateway is the SQLite one
 * @param format the job's body; {@code null} for {@link Kind#BATCH_1000}
 * @param messages messages per job (per round for {@link Kind#BATCH_1000})
 */
record JobRow(Kind kind, Store store, JobFormat format, long messages) {

  /** What a row times. */
  enum Kind {
    /** {@code POST /v1/push} with batches of 1000, 4 in flight, to the SQLite gateway: the denominator. */
    BATCH_1000("batch-1000"),
    /** A job's delivery: from the 202 of its {@code POST /v1/jobs} to the first status read showing it completed. */
    JOB("job"),
    /** A job's intake: from the first byte of its {@code POST /v1/jobs} to the 202's last byte. */
    JOB_ACCEPT("job-accept");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** The two job stores, each behind a gateway JVM of its own. */
  enum Store {
    /** The embedded SQLite file, inside the gateway JVM. */
    SQLITE("SQLite"),
    /** A PostgreSQL 15 server of the run's own on 127.0.0.1, its own processes. */
    POSTGRESQL("PostgreSQL");

    final String label;

    Store(String label) {
      this.label = label;
    }
  }

  static JobRow batch1000(long messages) {
    return new JobRow(Kind.BATCH_1000, null, null, messages);
  }
}
