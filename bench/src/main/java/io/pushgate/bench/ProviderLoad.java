package io.pushgate.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The push providers' benchmark driver ({@code MODE=providers bench/run.sh}), in its own JVM:
 * {@code java -cp pushgate-bench.jar io.pushgate.bench.ProviderLoad --gateway-port P --gateway-pid PID
 * --sink-port S --h2-sink-status-port H --fcm-token-port T [--rounds 5 --messages 200000 --warmup 100000]}.
 *
 * <p>One gateway has five targets: at the same nginx {@code default}, a webhook; {@code browsers}, a Web Push target
 * whose allowed origin is nginx's; {@code android}, an FCM target whose {@code url} is nginx and whose service
 * account's {@code token_uri} is a token endpoint this driver serves on port T (it counts the token requests); and
 * {@code ios}, an APNs target at the local APNs stand-in ({@code src/test/apns/apns-stand-in.mjs}: HTTP/2 over TLS,
 * every provider token verified) and {@code ios-nginx}, an APNs target at a second nginx that speaks HTTP/2 over TLS
 * and answers every POST 200 (nginx-h2.conf, its count read on port H): the APNs sink that costs almost nothing, as
 * nginx is for the others. Each row pushes its messages as batches of 1000, 4 in flight, to
 * {@code POST /v1/push}; the Web Push row's messages name one subscription each (an endpoint on nginx, a P-256 key
 * made here), so that the gateway encrypts each for it (one ECDH, one AES-GCM) and signs VAPID once; the FCM row's
 * are FCM v1 messages to a device token each, which the gateway checks, wraps in {@code {"message": ...}} and sends
 * with the node's one access token; the APNs rows' name one device token each. nginx reads nothing and answers 200:
 * the webhook, Web Push, FCM and APNs (nginx h2) rows differ only in what the gateway does; the APNs (stand-in) row's
 * server is Node (TLS, HTTP/2, every token verified), whose connections providers.sh reports. Rows interleave within a round and their order turns every
 * round. Progress to stderr, the table to stdout; exit 1 when a message was not delivered exactly once (each nginx's
 * count is checked for the rows at it; the stand-in's row by the gateway's answers, and providers.sh checks the
 * stand-in's count).
 */
public final class ProviderLoad {

  private static final int BATCH = 1000;
  private static final int IN_FLIGHT = 4;
  private static final long CALL_TIMEOUT_MS = 60_000;

  /** A row: the kind, the target it pushes to, and whether nginx receives its messages. */
  enum Kind {
    WEBHOOK("batch-1000 webhook", "default", Sink.NGINX),
    WEBPUSH("batch-1000 webpush", "browsers", Sink.NGINX),
    FCM("batch-1000 fcm", "android", Sink.NGINX),
    APNS("batch-1000 apns (stand-in)", "ios", Sink.STAND_IN),
    APNS_NGINX("batch-1000 apns (nginx h2)", "ios-nginx", Sink.NGINX_H2);

    final String label;
    final String target;
    final Sink sink;

    Kind(String label, String target, Sink sink) {
      this.label = label;
      this.target = target;
      this.sink = sink;
    }
  }

  /** Where a row's messages go: which count says that each arrived once (the stand-in's is providers.sh's). */
  enum Sink {
    NGINX, NGINX_H2, STAND_IN
  }

  /** One measured run of a row. */
  record Run(Kind kind, int round, long messages, long elapsedNanos, long errors, double gatewayCpuMicrosPerMessage) {
    double messagesPerSecond() {
      return messages * 1e9 / elapsedNanos;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final WebClient client;
  private final int gatewayPort;
  private final ObservedProcess gateway;
  private final NginxStatus sink;
  private final NginxStatus h2Sink;
  private final String sinkOrigin;
  private final String subscriptionKeys;
  /** Token requests the FCM token endpoint answered. */
  private final AtomicLong tokenRequests = new AtomicLong();
  private long nextSeq;

  private ProviderLoad(Vertx vertx, int gatewayPort, long gatewayPid, int sinkPort, int h2SinkStatusPort,
                       int tokenPort) throws Exception {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.client = WebClient.wrap(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(IN_FLIGHT)));
    this.gatewayPort = gatewayPort;
    this.gateway = new ObservedProcess(gatewayPid);
    this.sink = new NginxStatus(vertx, sinkPort);
    this.h2Sink = new NginxStatus(vertx, h2SinkStatusPort);
    this.sinkOrigin = "http://127.0.0.1:" + sinkPort;
    this.subscriptionKeys = subscriptionKeys();
    // The FCM target's token endpoint: every grant answered with a token for an hour. The gateway asks for one at
    // its first FCM message, so it listens before any row runs.
    vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      long n = tokenRequests.incrementAndGet();
      request.response().putHeader("Content-Type", "application/json")
          .end("{\"access_token\":\"bench-token-" + n + "\",\"expires_in\":3600,"
              + "\"token_type\":\"Bearer\"}");
    })).listen(tokenPort, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  public static void main(String[] args) throws Exception {
    BenchLogging.useBenchConfig();
    CommandLine line = CommandLine.parse(args);
    int rounds = line.intOr("rounds", 5);
    long messages = line.longOr("messages", 200_000);
    long warmup = line.longOr("warmup", 100_000);
    ProviderLoad load = new ProviderLoad(Vertx.vertx(), line.requiredInt("gateway-port"),
        line.requiredLong("gateway-pid"), line.requiredInt("sink-port"), line.requiredInt("h2-sink-status-port"),
        line.requiredInt("fcm-token-port"));
    line.rejectUnknown();
    List<Run> runs = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      report(load.run(kind, 0, warmup), rounds);
    }
    for (int round = 1; round <= rounds; round++) {
      List<Kind> order = new ArrayList<>(List.of(Kind.values()));
      java.util.Collections.rotate(order, round);
      for (Kind kind : order) {
        runs.add(report(load.run(kind, round, messages), rounds));
      }
    }
    System.out.print(table(runs, rounds, messages, load.tokenRequests.get()));
    System.out.flush();
    long errors = runs.stream().mapToLong(Run::errors).sum();
    if (errors > 0) {
      System.err.println("FAILED: " + errors + " message(s) not delivered exactly once");
    }
    System.exit(errors > 0 ? 1 : 0);
  }

  /** Pushes {@code messages} messages of {@code kind}, then reads what the gateway spent and nginx received. */
  private Run run(Kind kind, int round, long messages) throws Exception {
    long firstSeq = nextSeq;
    nextSeq += messages;
    NginxStatus counter = kind.sink == Sink.NGINX ? sink : kind.sink == Sink.NGINX_H2 ? h2Sink : null;
    long sinkBefore = counter == null ? 0 : counter.received();
    long cpuBefore = gateway.cpuMicros();
    long started = System.nanoTime();
    long undelivered = batches(kind, firstSeq, messages).await(1, TimeUnit.HOURS);
    long elapsed = System.nanoTime() - started;
    long cpu = gateway.cpuMicros() - cpuBefore;
    long sinkDelta = counter == null ? messages : counter.received() - sinkBefore;
    return new Run(kind, round, messages, elapsed,
        undelivered + Math.abs(sinkDelta - messages), (double) cpu / messages);
  }

  /** The closed loop of batches on this driver's event loop; completes with the messages not delivered. */
  private Future<Long> batches(Kind kind, long firstSeq, long messages) {
    Promise<Long> done = Promise.promise();
    context.runOnContext(start -> {
      long[] undelivered = {0};
      LoadRecorder recorder = new LoadRecorder();
      long calls = (messages + BATCH - 1) / BATCH;
      ClosedLoop.run(calls, IN_FLIGHT, call -> {
        int size = (int) Math.min(BATCH, messages - call * BATCH);
        Buffer body = body(kind, firstSeq + call * BATCH, size);
        return client.post(gatewayPort, "127.0.0.1", "/v1/push").timeout(CALL_TIMEOUT_MS)
            .putHeader("Content-Type", "application/json").sendBuffer(body)
            .onComplete(answer -> undelivered[0] += answer.succeeded() && answer.result().statusCode() == 200
                ? size - delivered(answer.result().body(), recorder) : size);
      }).onComplete(finished -> done.complete(undelivered[0]));
    });
    return done.future();
  }

  private static int delivered(Buffer body, LoadRecorder recorder) {
    try {
      return body == null ? 0 : BatchResponseParser.parse(body, recorder).delivered();
    } catch (IOException e) {
      return 0;
    }
  }

  /** A batch of {@code size} messages from {@code firstSeq}: the bench's messages, or Web Push messages carrying them. */
  private Buffer body(Kind kind, long firstSeq, int size) {
    Buffer body = Buffer.buffer(size * 400).appendString("{\"target\":\"" + kind.target + "\",\"messages\":[");
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        body.appendByte((byte) ',');
      }
      long seq = firstSeq + i;
      if (kind == Kind.WEBHOOK) {
        body.appendString(Messages.json(seq));
      } else if (kind == Kind.APNS || kind == Kind.APNS_NGINX) {
        body.appendString("{\"deviceToken\":\"" + String.format(Locale.ROOT, "%064x", seq)
            + "\",\"payload\":{\"aps\":{\"alert\":\"Message " + seq + "\"},\"m\":" + Messages.json(seq) + "}}");
      } else if (kind == Kind.FCM) {
        // FCM's data values are strings: the bench's message travels as one.
        body.appendString(new JsonObject().put("token", "bench-device-" + seq)
            .put("data", new JsonObject().put("payload", Messages.json(seq))).encode());
      } else {
        body.appendString("{\"subscription\":{\"endpoint\":\"" + sinkOrigin + "/push/" + seq + "\",\"keys\":"
            + subscriptionKeys + "},\"payload\":" + Messages.json(seq) + "}");
      }
    }
    return body.appendString("]}");
  }

  /** One subscription's {@code keys}: a fresh P-256 public key and auth secret, base64url. */
  private static String subscriptionKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
    byte[] point = new byte[65];
    point[0] = 4;
    coordinate(key.getW().getAffineX(), point, 1);
    coordinate(key.getW().getAffineY(), point, 33);
    byte[] auth = new byte[16];
    new SecureRandom().nextBytes(auth);
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    return "{\"p256dh\":\"" + base64.encodeToString(point) + "\",\"auth\":\"" + base64.encodeToString(auth) + "\"}";
  }

  private static void coordinate(BigInteger value, byte[] to, int offset) {
    byte[] bytes = value.toByteArray();
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, to, offset + 32 - length, length);
  }

  private static Run report(Run run, int rounds) {
    System.err.println(String.format(Locale.ROOT, "[%s] %-20s %,d msgs in %.2f s = %,.0f msg/s; errors %d; "
            + "gateway CPU %.1f µs/msg", run.round == 0 ? "warm-up" : "round " + run.round + "/" + rounds,
        run.kind.label, run.messages, run.elapsedNanos / 1e9, run.messagesPerSecond(), run.errors,
        run.gatewayCpuMicrosPerMessage));
    return run;
  }

  /** The Markdown table: median (min–max) per row, and each provider row's ratio to the webhook row per round. */
  static String table(List<Run> runs, int rounds, long messages, long fcmTokenRequests) {
    Map<Kind, List<Run>> byKind = new EnumMap<>(Kind.class);
    runs.forEach(run -> byKind.computeIfAbsent(run.kind, kind -> new ArrayList<>()).add(run));
    Map<Kind, Double> ratio = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      List<Double> ratios = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        ratios.add(rate(runs, round, kind) / rate(runs, round, Kind.WEBHOOK));
      }
      ratio.put(kind, median(ratios.stream().sorted().toList()));
    }
    StringBuilder table = new StringBuilder("| row | msg/s median (min–max) | ratio to webhook (median) | gateway CPU "
        + "µs/msg (median) | errors |\n|---|---:|---:|---:|---:|\n");
    for (Kind kind : Kind.values()) {
      List<Run> rows = byKind.getOrDefault(kind, List.of());
      List<Double> rates = rows.stream().map(Run::messagesPerSecond).sorted().toList();
      List<Double> cpu = rows.stream().map(Run::gatewayCpuMicrosPerMessage).sorted().toList();
      table.append(String.format(Locale.ROOT, "| %s | %,.0f (%,.0f–%,.0f) | %s | %.1f | %d |\n", kind.label,
          median(rates), rates.get(0), rates.get(rates.size() - 1),
          kind == Kind.WEBHOOK ? "—" : String.format(Locale.ROOT, "%.2f", ratio.get(kind)),
          median(cpu), rows.stream().mapToLong(Run::errors).sum()));
    }
    table.append('\n');
    for (Kind kind : Kind.values()) {
      if (kind != Kind.WEBHOOK) {
        table.append(String.format(Locale.ROOT, "Goal: %s ≥ 0.50 × webhook (median of same-round ratios): %.2f — "
            + "**%s**%n", kind.label.replace("batch-1000 ", ""), ratio.get(kind),
            ratio.get(kind) >= 0.5 ? "held" : "not held"));
      }
    }
    table.append(String.format(Locale.ROOT, "%n%d round(s) of %,d messages per row, batches of %d, %d in flight, one "
        + "gateway JVM (-Xmx256m) with the webhook, webpush and fcm targets at one nginx (one worker, 200 for every "
        + "POST), one apns target at the local APNs stand-in (Node, HTTP/2 over TLS) and one at a second nginx (HTTP/2 "
        + "over TLS, 200 for every POST). CPU = the gateway's "
        + "utime+stime over the row / messages. FCM access-token requests over the whole run (warm-up included): "
        + "%d.%n", rounds, messages, BATCH, IN_FLIGHT, fcmTokenRequests));
    return table.toString();
  }

  private static double rate(List<Run> runs, int round, Kind kind) {
    return runs.stream().filter(run -> run.round == round && run.kind == kind).findFirst().orElseThrow()
        .messagesPerSecond();
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
