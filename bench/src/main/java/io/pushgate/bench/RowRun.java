package io.pushgate.bench;

/**
 * One run of one row, with what was observed around it. CPU figures are a process's utime+stime over the run
 * divided by the row's messages.
 *
 * @param row the row
 * @param round 1-based round, or {@link #WARM_UP}
 * @param measurement throughput, latencies and errors as measured by the row's driver
 * @param sinkDelta POSTs the sink received during the run
 * @param loadCpuMicrosPerMessage the CPU of the process that drove the row (the load generator JVM, or the node or
 *     Python driver)
 * @param gatewayCpuMicrosPerMessage the CPU of the gateway JVM(s) (or the proxy's), or {@code NaN} when the row
 *     uses none
 * @param sinkCpuMicrosPerMessage the CPU of the sink's processes
 * @param gatewayPeakRssMb the gateway JVM's peak RSS after the run, or {@code NaN} when the row does not use it
 */
record RowRun(Row row, int round, Measurement measurement, long sinkDelta, double loadCpuMicrosPerMessage,
              double gatewayCpuMicrosPerMessage, double sinkCpuMicrosPerMessage, double gatewayPeakRssMb) {

  static final int WARM_UP = 0;

  /** Messages not delivered, plus any difference between what the sink received and what was sent. */
  long errors() {
    return measurement.errors() + Math.abs(sinkDelta - measurement.messages());
  }

  double messagesPerSecond() {
    return measurement.messagesPerSecond();
  }
}
