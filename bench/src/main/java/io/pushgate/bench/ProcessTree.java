package io.pushgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A process and all its descendants as {@code /proc} shows them, for a server that forks a process per connection
 * (PostgreSQL's postmaster and its backends): the CPU time of the whole tree. Every member counts its own
 * {@code utime + stime} and its reaped children's {@code cutime + cstime}, so a backend that exits between two
 * readings still counts (in its parent's {@code cutime}). Read from the load generator's main thread only (blocking
 * file reads of every {@code /proc/<pid>/stat}).
 */
final class ProcessTree {

  private final long root;
  private final long ticksPerSecond = ObservedProcess.clockTicksPerSecond();

  ProcessTree(long root) {
    this.root = root;
  }

  /** CPU time of the tree so far, in microseconds; fails when the root has exited. */
  long cpuMicros() {
    Map<Long, List<Long>> children = new HashMap<>();
    Map<Long, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path entry : entries) {
        String line;
        try {
          line = Files.readString(entry.resolve("stat"), StandardCharsets.ISO_8859_1);
        } catch (IOException gone) {
          continue;
        }
        long pid = Long.parseLong(entry.getFileName().toString());
        // Fields after the command's closing parenthesis: state (3), ppid (4), ..., utime (14) to cstime (17).
        String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        long ppid = Long.parseLong(fields[4 - 3]);
        long used = 0;
        for (int field = 14; field <= 17; field++) {
          used += Long.parseLong(fields[field - 3]);
        }
        children.computeIfAbsent(ppid, p -> new ArrayList<>()).add(pid);
        ticks.put(pid, used);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    if (!ticks.containsKey(root)) {
      throw new IllegalStateException("process " + root + " has exited");
    }
    long total = 0;
    List<Long> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      long pid = todo.remove(todo.size() - 1);
      total += ticks.getOrDefault(pid, 0L);
      todo.addAll(children.getOrDefault(pid, List.of()));
    }
    return total * 1_000_000 / ticksPerSecond;
  }
}
