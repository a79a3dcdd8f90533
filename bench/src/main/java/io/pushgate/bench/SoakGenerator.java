package io.pushgate.bench;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak run: offers batches of {@value #BATCH} messages at a fixed rate, far above what a slow target can take,
 * for a fixed time, and accounts for every one: each answered batch must hold one outcome per message, and refusals
 * (429) are counted and checked against the gateway's own count. Samples the gateway's heap from {@code /metrics}
 * meanwhile. Prints one Markdown table; exits 1 when a message went unaccounted for or the gateway stopped answering.
 *
 * <p>{@code java -cp pushgate-bench.jar io.pushgate.bench.SoakGenerator --gateway-port G --sink-port S
 * --gateway-pid PID [--rate MSGS_PER_S] [--seconds N] [--target-delay-ms D] [--sustainable MSGS_PER_S]}
 */
public final class SoakGenerator {

  static final int BATCH = 100;
  /** Requests in flight at most, so that the load generator itself stays bounded. */
  private static final int MAX_OUTSTANDING = 4096;
  private static final long TICK_MS = 10;
  private static final long HEAP_SAMPLE_MS = 250;
  private static final long REQUEST_TIMEOUT_MS = 10_000;

  private SoakGenerator() {
  }

  public static void main(String[] args) {
    BenchLogging.useBenchConfig();
    CommandLine options = CommandLine.parse(args);
    int gatewayPort = options.requiredInt("gateway-port");
    int sinkPort = options.requiredInt("sink-port");
    ObservedProcess gateway = new ObservedProcess(options.requiredLong("gateway-pid"));
    SoakSettings settings = new SoakSettings(options.longOr("rate", 25_600), options.longOr("seconds", 60),
        options.longOr("target-delay-ms", 50), options.longOr("sustainable", 2_560));
    options.rejectUnknown();
    Vertx vertx = Vertx.vertx();
    try {
      WebClient client = WebClient.wrap(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(MAX_OUTSTANDING).setMaxWaitQueueSize(MAX_OUTSTANDING)));
      SoakTally tally = new SoakTally(BATCH);
      AtomicLong heapPeak = new AtomicLong();
      long sampler = vertx.setPeriodic(HEAP_SAMPLE_MS, id -> metricSum(client, gatewayPort, HEAP_USED)
          .onSuccess(used -> heapPeak.accumulateAndGet(used.longValue(), Math::max)));
      long driver = vertx.setPeriodic(TICK_MS, new RateDriver(settings.rate(), tally,
          () -> send(client, gatewayPort, tally)));
      // The main thread waits, not an event loop: the load runs for the set time, then every answer comes in.
      vertx.timer(settings.seconds(), TimeUnit.SECONDS).await();
      vertx.cancelTimer(driver);
      tally.allAnswered().await(REQUEST_TIMEOUT_MS * 3, TimeUnit.MILLISECONDS);
      vertx.cancelTimer(sampler);
      heapPeak.accumulateAndGet(metricSum(client, gatewayPort, HEAP_USED).await().longValue(), Math::max);
      long refusedByGateway = metricSum(client, gatewayPort, REFUSED).await().longValue();
      long sinkReceived = client.get(sinkPort, "127.0.0.1", "/stats").send()
          .map(r -> r.bodyAsJsonObject().getLong("received")).await();
      boolean alive = client.get(gatewayPort, "127.0.0.1", "/health/live").send()
          .map(r -> r.statusCode() == 200).await();
      SoakReport report = new SoakReport(settings, tally, sinkReceived, heapPeak.get(), gateway.peakRssMb(),
          refusedByGateway, alive);
      System.out.println(report.table());
      vertx.close().await();
      System.exit(report.passed() ? 0 : 1);
    } catch (Exception e) {
      System.err.println("soak run failed: " + e);
      System.exit(2);
    }
  }

  private static final String HEAP_USED = "jvm_memory_used_bytes{area=\"heap\"";
  private static final String REFUSED = "pushgate_requests_refused_total{reason=\"overloaded\"";

  private static void send(WebClient client, int port, SoakTally tally) {
    long first = tally.reserve();
    Buffer body = Buffer.buffer("{\"timeoutMs\":" + REQUEST_TIMEOUT_MS + ",\"messages\":[");
    Messages.appendArrayElements(body, first, BATCH).appendString("]}");
    client.post(port, "127.0.0.1", "/v1/push").putHeader("content-type", "application/json")
        .timeout(REQUEST_TIMEOUT_MS * 2)
        .sendBuffer(body)
        .onComplete(answer -> tally.answered(answer.succeeded() ? answer.result() : null));
  }

  /** The sum of every Prometheus sample whose line starts with {@code prefix}. */
  private static Future<Double> metricSum(WebClient client, int port, String prefix) {
    return client.get(port, "127.0.0.1", "/metrics").send().map(HttpResponse::bodyAsString).map(text -> {
      double sum = 0;
      for (String line : text.split("\n")) {
        if (line.startsWith(prefix)) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    });
  }

  /** Sends often enough to offer {@code rate} messages a second, never more than the outstanding bound. */
  private record RateDriver(long rate, SoakTally tally, Runnable send) implements Handler<Long> {
    @Override
    public void handle(Long id) {
      long due = (long) (tally.elapsedSeconds() * rate / BATCH);
      while (tally.requestsSent() < due && tally.outstanding() < MAX_OUTSTANDING) {
        send.run();
      }
    }
  }

  /**
   * The soak's settings.
   *
   * @param rate messages offered per second
   * @param seconds how long the load is offered
   * @param targetDelayMs how long the sink takes to answer each message
   * @param sustainable what the gateway can deliver to that sink, for the report
   */
  record SoakSettings(long rate, long seconds, long targetDelayMs, long sustainable) {
  }
}
