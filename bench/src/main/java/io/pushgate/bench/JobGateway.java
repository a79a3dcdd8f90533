package io.pushgate.bench;

import java.util.List;

/**
 * A gateway JVM of the job benchmark and its store, as the load generator sees them: its HTTP port, the JVM's CPU and
 * RSS, and, for PostgreSQL, the server's process tree.
 *
 * @param server the PostgreSQL server's postmaster, or {@code null} when the store runs inside the gateway JVM
 */
record JobGateway(JobRow.Store store, int port, ObservedProcess jvm, ProcessTree server) {

  /** {@code STORE:PORT:GATEWAY_PID[:SERVER_PID]}, e.g. {@code sqlite:8080:1234} or {@code postgresql:8081:1235:999}. */
  static JobGateway parse(String spec) {
    String[] parts = spec.split(":");
    JobRow.Store store = JobRow.Store.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT));
    boolean postgres = store == JobRow.Store.POSTGRESQL;
    if (parts.length != (postgres ? 4 : 3)) {
      throw new IllegalArgumentException("expected sqlite:PORT:PID or postgresql:PORT:PID:SERVER_PID, got " + spec);
    }
    return new JobGateway(store, Integer.parseInt(parts[1]), new ObservedProcess(Long.parseLong(parts[2])),
        postgres ? new ProcessTree(Long.parseLong(parts[3])) : null);
  }

  long gatewayCpuMicros() {
    return ObservedProcess.cpuMicros(List.of(jvm));
  }

  /** The store server's CPU so far, or 0 when it runs in the gateway JVM. */
  long storeCpuMicros() {
    return server == null ? 0 : server.cpuMicros();
  }
}
