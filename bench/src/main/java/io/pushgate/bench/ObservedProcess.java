package io.pushgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A process of the benchmark (a gateway JVM, the sink, a load generator) as Linux shows it in {@code /proc}: its CPU
 * time and its peak resident set size. Read from the load generator's main thread only (blocking file reads).
 */
final class ObservedProcess {

  private static final long FALLBACK_TICKS_PER_SECOND = 100;

  private final Path stat;
  private final Path status;
  private final long ticksPerSecond;

  ObservedProcess(long pid) {
    this.stat = Path.of("/proc", Long.toString(pid), "stat");
    this.status = Path.of("/proc", Long.toString(pid), "status");
    this.ticksPerSecond = clockTicksPerSecond();
  }

  /** User plus system CPU time so far, in microseconds (resolution one clock tick, usually 10 ms). */
  long cpuMicros() {
    String line = read(stat);
    // The command name (field 2) may hold spaces and parentheses: count fields from after its closing one.
    String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
    long utime = Long.parseLong(fields[14 - 3]);
    long stime = Long.parseLong(fields[15 - 3]);
    return (utime + stime) * 1_000_000 / ticksPerSecond;
  }

  /** Peak resident set size so far ({@code VmHWM}), in MB. */
  double peakRssMb() {
    for (String line : read(status).split("\n")) {
      if (line.startsWith("VmHWM:")) {
        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return kb / 1024.0;
      }
    }
    throw new IllegalStateException("no VmHWM in " + status);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + " (has the process exited?)", e);
    }
  }

  /** User plus system CPU time of all of {@code processes} so far, in microseconds. */
  static long cpuMicros(List<ObservedProcess> processes) {
    return processes.stream().mapToLong(ObservedProcess::cpuMicros).sum();
  }

  /** The processes of {@code pids}. */
  static List<ObservedProcess> of(List<Long> pids) {
    return pids.stream().map(ObservedProcess::new).toList();
  }

  /** {@code getconf CLK_TCK}, or 100 when it cannot be run. */
  static long clockTicksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      return getconf.waitFor() == 0 ? Long.parseLong(out) : FALLBACK_TICKS_PER_SECOND;
    } catch (IOException | NumberFormatException e) {
      return FALLBACK_TICKS_PER_SECOND;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FALLBACK_TICKS_PER_SECOND;
    }
  }
}
