package io.pushgate.bench;

/**
 * One measurement of one {@link JobRow}. CPU figures are utime+stime over the timed phase divided by its messages.
 *
 * @param round 1-based round, or {@link RowRun#WARM_UP}
 * @param elapsedNanos the timed phase
 * @param errors messages not delivered (or not accepted), plus any difference between the sink's count and the job's
 * @param gatewayCpuMicrosPerMessage the gateway JVM's CPU (the SQLite store's included)
 * @param storeCpuMicrosPerMessage the PostgreSQL server's process tree's CPU, or {@code NaN} when the store runs in
 *     the gateway JVM or the row uses none
 * @param gatewayPeakRssMb the gateway JVM's peak RSS ({@code VmHWM}) after the phase
 */
record JobRun(JobRow row, int round, long elapsedNanos, long errors, double gatewayCpuMicrosPerMessage,
              double storeCpuMicrosPerMessage, double gatewayPeakRssMb) {

  double messagesPerSecond() {
    return row.messages() * 1e9 / elapsedNanos;
  }
}
