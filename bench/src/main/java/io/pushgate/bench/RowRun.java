package io.pushgate.bench;

/**
 * One run of one row, with what was observed around it.
 *
 * @param row the row
 * @param round 1-based round, or {@link #WARM_UP}
 * @param measurement throughput, latencies and errors as measured by the row's driver
 * @param sinkDelta POSTs the sink received during the run
 * @param gatewayCpuMicrosPerMessage the gateway JVM's CPU time over the run divided by its messages, or
 *     {@code NaN} when the row does not use the gateway
 * @param gatewayPeakRssMb the gateway JVM's peak RSS after the run, or {@code NaN} when the row does not use it
 */
record RowRun(Row row, int round, Measurement measurement, long sinkDelta, double gatewayCpuMicrosPerMessage,
              double gatewayPeakRssMb) {

  static final int WARM_UP = 0;

  /** Messages not delivered, plus any difference between what the sink received and what was sent. */
  long errors() {
    return measurement.errors() + Math.abs(sinkDelta - measurement.messages());
  }

  double messagesPerSecond() {
    return measurement.messagesPerSecond();
  }
}
