package io.pushgate.bench;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Looks for the fastest raw Vert.x WebClient fan-out to the sink, for the {@code direct} row:
 * {@code java -cp pushgate-bench.jar io.pushgate.bench.DirectSweep --sink-port S --sink-pids PIDS
 * [--verticles 1,2,4 --inflight 16,32,64,128 --per-connection 1,2 --rounds 5 --messages 200000 --warmup 200000]}.
 *
 * <p>Every combination of senders ({@code verticles}), requests in flight in all ({@code inflight}, split evenly
 * between the senders) and requests per pooled connection ({@code per-connection}: 1 gives each request in flight
 * its own connection, 2 half as many connections, the other requests waiting in the pool's queue; never
 * pipelined) is deployed once as a {@link DirectFanOut}, warmed up once, then measured once per round, all shapes
 * interleaved (in reverse order in even rounds). Prints a Markdown table and the fastest shape's settings for
 * {@code run.sh} on stdout; exits 1 when a message was not delivered exactly once.
 */
public final class DirectSweep {

  private DirectSweep() {
  }

  public static void main(String[] args) {
    BenchLogging.useBenchConfig();
    CommandLine options = CommandLine.parse(args);
    int sinkPort = options.requiredInt("sink-port");
    List<ObservedProcess> sink = ObservedProcess.of(LoadSettings.pids(options.requiredString("sink-pids")));
    List<DirectFanOut.Shape> shapes = shapes(ints(options, "verticles", "1,2,4"),
        ints(options, "inflight", "16,32,64,128"), ints(options, "per-connection", "1,2"));
    int rounds = options.intOr("rounds", 5);
    long messages = options.longOr("messages", 200_000);
    long warmup = options.longOr("warmup", 200_000);
    options.rejectUnknown();
    Vertx vertx = Vertx.vertx();
    try {
      Map<DirectFanOut.Shape, List<RowRun>> runs = sweep(vertx, sinkPort, sink, shapes, rounds, messages, warmup);
      System.out.print(render(runs, rounds, messages));
      System.out.flush();
      long errors = runs.values().stream().flatMap(List::stream).mapToLong(RowRun::errors).sum();
      if (errors > 0) {
        System.err.println("FAILED: " + errors + " message(s) not delivered exactly once");
        System.exit(1);
      }
    } catch (Exception e) {
      System.err.println("direct sweep failed: " + e);
      e.printStackTrace();
      System.exit(2);
    }
    System.exit(0);
  }

  /** Every combination, in order; in-flight counts that the senders cannot share evenly are left out. */
  static List<DirectFanOut.Shape> shapes(List<Integer> verticles, List<Integer> inFlight, List<Integer> perConnection) {
    List<DirectFanOut.Shape> shapes = new ArrayList<>();
    for (int v : verticles) {
      for (int total : inFlight) {
        if (total < v || total % v != 0) {
          continue;
        }
        for (int per : perConnection) {
          DirectFanOut.Shape shape = new DirectFanOut.Shape(v, total, Math.max(1, total / v / per));
          if (!shapes.contains(shape)) {
            shapes.add(shape);
          }
        }
      }
    }
    return shapes;
  }

  private static Map<DirectFanOut.Shape, List<RowRun>> sweep(Vertx vertx, int sinkPort, List<ObservedProcess> sink,
                                                            List<DirectFanOut.Shape> shapes, int rounds,
                                                            long messages, long warmup) {
    Map<DirectFanOut.Shape, DirectFanOut> fanOuts = new LinkedHashMap<>();
    for (DirectFanOut.Shape shape : shapes) {
      fanOuts.put(shape, DirectFanOut.deploy(vertx, sinkPort, shape));
    }
    NginxStatus counter = new NginxStatus(vertx, sinkPort);
    List<ObservedProcess> self = List.of(new ObservedProcess(ProcessHandle.current().pid()));
    Map<DirectFanOut.Shape, List<RowRun>> runs = new LinkedHashMap<>();
    shapes.forEach(shape -> runs.put(shape, new ArrayList<>()));
    long seq = 0;
    for (int round = RowRun.WARM_UP; round <= rounds; round++) {
      long count = round == RowRun.WARM_UP ? warmup : messages;
      if (count == 0) {
        continue;
      }
      List<DirectFanOut.Shape> order = new ArrayList<>(shapes);
      if (round % 2 == 0 && round != RowRun.WARM_UP) {
        Collections.reverse(order);
      }
      for (DirectFanOut.Shape shape : order) {
        long sinkBefore = counter.received();
        long loadBefore = ObservedProcess.cpuMicros(self);
        long sinkCpuBefore = ObservedProcess.cpuMicros(sink);
        Measurement m = fanOuts.get(shape).run(count, seq);
        seq += count;
        RowRun run = new RowRun(Row.DIRECT, round, m, counter.received() - sinkBefore,
            (double) (ObservedProcess.cpuMicros(self) - loadBefore) / count, Double.NaN,
            (double) (ObservedProcess.cpuMicros(sink) - sinkCpuBefore) / count, Double.NaN);
        System.err.println(String.format(Locale.ROOT, "[%s] %-50s %,.0f msg/s; errors %d",
            round == RowRun.WARM_UP ? "warm-up" : "round " + round + "/" + rounds, shape, run.messagesPerSecond(),
            run.errors()));
        runs.get(shape).add(run);
      }
    }
    return runs;
  }

  private static String render(Map<DirectFanOut.Shape, List<RowRun>> runs, int rounds, long messages) {
    Map<DirectFanOut.Shape, double[]> rates = new LinkedHashMap<>();
    runs.forEach((shape, list) -> rates.put(shape, list.stream().filter(run -> run.round() != RowRun.WARM_UP)
        .mapToDouble(RowRun::messagesPerSecond).toArray()));
    DirectFanOut.Shape best = rates.entrySet().stream()
        .max((a, b) -> Double.compare(ResultTable.median(a.getValue()), ResultTable.median(b.getValue())))
        .orElseThrow().getKey();
    double bestRate = ResultTable.median(rates.get(best));
    StringBuilder out = new StringBuilder("| verticles | in flight (all) | pool per verticle "
        + "| msg/s median (min–max) | ratio to fastest | msg p50/p99 ms (median) | load gen CPU µs/msg "
        + "| sink CPU µs/msg | errors |\n"
        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<DirectFanOut.Shape, List<RowRun>> entry : runs.entrySet()) {
      DirectFanOut.Shape shape = entry.getKey();
      List<RowRun> timed = entry.getValue().stream().filter(run -> run.round() != RowRun.WARM_UP).toList();
      double[] r = rates.get(shape);
      String mark = shape.equals(best) ? "**" : "";
      out.append(String.format(Locale.ROOT, "| %s%d%s | %d | %d | %s%,.0f%s (%,.0f–%,.0f) | %.2f | %.2f / %.2f "
              + "| %.1f | %.1f | %d |\n",
          mark, shape.verticles(), mark, shape.inFlight(), shape.poolSize(), mark, ResultTable.median(r), mark,
          Arrays.stream(r).min().orElse(Double.NaN), Arrays.stream(r).max().orElse(Double.NaN),
          ResultTable.median(r) / bestRate,
          median(timed, run -> run.measurement().message().p50()) / 1000,
          median(timed, run -> run.measurement().message().p99()) / 1000,
          median(timed, RowRun::loadCpuMicrosPerMessage), median(timed, RowRun::sinkCpuMicrosPerMessage),
          entry.getValue().stream().mapToLong(RowRun::errors).sum()));
    }
    out.append('\n').append(String.format(Locale.ROOT, "Medians over %d round(s) of %,d messages per shape, shapes "
        + "interleaved; in flight split evenly between the verticles; pool = connections of each verticle's client, "
        + "no pipelining. Sink: nginx.%n", rounds, messages));
    out.append("fastest: ").append(best).append(": DIRECT_VERTICLES=").append(best.verticles())
        .append(" DIRECT_INFLIGHT=").append(best.inFlight()).append(" DIRECT_POOL=").append(best.poolSize())
        .append('\n');
    return out.toString();
  }

  private static double median(List<RowRun> runs, ToDoubleFunction<RowRun> field) {
    return ResultTable.median(runs.stream().mapToDouble(field).toArray());
  }

  private static List<Integer> ints(CommandLine options, String name, String fallback) {
    String value = options.stringOr(name, fallback);
    return Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
  }
}
