package io.pushgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.JarProcess;
import io.pushgate.support.Ports;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestJobs;
import io.pushgate.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs survive {@code kill -9}: the jar is killed mid-job and restarted on its SQLite file, or two jars share one
 * PostgreSQL and one is killed; every message still reaches the target, with its id, and only messages that were on
 * the wire at the kill may arrive twice. And a million-message NDJSON job is accepted by a jar with a 256 MB heap.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("Jobs across crashes: kill -9 and restart (SQLite), kill -9 of one of two nodes (PostgreSQL)")
class JobsIT {

  /** Job messages a node holds at once: far more than can be on the wire, so that a chunk-sized loss would show. */
  private static final int MAX_IN_FLIGHT = 1000;
  /** Connections a node has to the target (2 senders x 8): the most messages on the wire at a kill. */
  private static final int CONNECTIONS = 16;
  /**
   * How long after its answer an outcome may still be unwritten: the senders' progress interval and a store write
   * (which queues behind claims and other writes on a loaded machine: about 0.35 s seen on two cores), with a margin.
   * Messages answered within it before a kill may be sent again too. A chunk written only once whole would leave
   * far more: half of each chunk of 500 in flight, on average.
   */
  private static final double UNWRITTEN_SECONDS = 0.75;
  private static final int MESSAGES = 4000;

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  /** Answers after 50 ms: {@link #CONNECTIONS} connections take a job of {@link #MESSAGES} in about 13 s. */
  private final FakeTarget target = new FakeTarget().behave((request, attempt) -> Reply.json(200, "{}").after(50));
  private final List<JarProcess> gateways = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (JarProcess gateway : gateways) {
      gateway.stop();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("SQLite: kill -9 mid-job, restart on the same file, and the job completes, every index delivered")
  void sqlite_kill_and_restart() throws Exception {
    vertx.deployVerticle(target).await(10, TimeUnit.SECONDS);
    String store = "sqlite:" + dir.resolve("jobs.db");
    int port = Ports.free();
    JarProcess first = start(port, store);
    String jobId = submit(port, TestBatches.of(MESSAGES));
    int allowed = killMidJob(first);

    start(port, store);
    JsonObject job = awaitJob(port, jobId, j -> "completed".equals(j.getString("status")));
    assertThat(job.getInteger("delivered")).isEqualTo(MESSAGES);
    assertEveryIndexOnceBut(jobId, allowed);
  }

  @Test
  @DisplayName("PostgreSQL: two nodes share a job; one is killed with -9 and the other finishes its messages")
  void postgres_node_killed() throws Exception {
    vertx.deployVerticle(target).await(10, TimeUnit.SECONDS);
    String store = TestPostgres.newDatabaseUrl(vertx);
    int port1 = Ports.free();
    int port2 = Ports.free();
    JarProcess first = start(port1, store);
    start(port2, store);
    String jobId = submit(port1, TestBatches.of(MESSAGES));
    int allowed = killMidJob(first);

    JsonObject job = awaitJob(port2, jobId, j -> "completed".equals(j.getString("status")));
    assertThat(job.getInteger("delivered")).isEqualTo(MESSAGES);
    assertEveryIndexOnceBut(jobId, allowed);
  }

  @Test
  @DisplayName("a 1,000,000-message NDJSON job, streamed, is accepted by a jar with -Xmx256m")
  void million_message_ndjson_in_256m() throws Exception {
    FakeTarget slow = new FakeTarget().hang();
    vertx.deployVerticle(slow).await(10, TimeUnit.SECONDS);
    int port = Ports.free();
    JarProcess gateway = start(port, "sqlite:" + dir.resolve("million.db"), List.of("-Xmx256m",
        "-XX:+ExitOnOutOfMemoryError"), Map.of("PUSHGATE_TARGETS_DEFAULT_URL", slow.url()));
    int total = 1_000_000;
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs?target=default"))
        .header("content-type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new NdjsonLines(total)))
        .build();
    HttpResponse<String> accepted = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(new JsonObject(accepted.body()).getInteger("total")).isEqualTo(total);
    assertThat(gateway.process().isAlive()).isTrue();
    assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
  }

  private JarProcess start(int port, String store) throws Exception {
    return start(port, store, List.of(), Map.of("PUSHGATE_TARGETS_DEFAULT_URL", target.url()));
  }

  private JarProcess start(int port, String store, List<String> jvmArgs, Map<String, String> extra)
      throws Exception {
    Path config = dir.resolve("config-" + port + ".json");
    Files.writeString(config, new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
        .put("demoReceiver", new JsonObject().put("enabled", false))
        .put("senders", new JsonObject().put("instances", 2).put("maxConnectionsPerTarget", CONNECTIONS / 2))
        .put("jobs", new JsonObject().put("maxInFlight", MAX_IN_FLIGHT).put("claimBatch", 500).put("leaseMs", 3000)
            .put("pollMs", 100))
        .put("targets", new JsonObject().put("default", new JsonObject().put("url", "http://127.0.0.1:1/push")))
        .encode());
    Map<String, String> env = new HashMap<>(extra);
    env.put(JarProcess.JOBS_STORE_ENV, store);
    JarProcess gateway = JarProcess.start(jvmArgs, config, env);
    gateways.add(gateway);
    gateway.awaitLine("Pushgate listening");
    return gateway;
  }

  /**
   * Kills {@code gateway} once the target has a quarter of the job, and returns how many messages may reach the
   * target twice: those on the wire at the kill, and those answered just before it, whose outcomes may not be
   * written yet (the target's rate just before the kill, times {@link #UNWRITTEN_SECONDS}).
   */
  private int killMidJob(JarProcess gateway) throws Exception {
    target.receivedAtLeast(MESSAGES / 8).await(60, TimeUnit.SECONDS);
    long from = System.nanoTime();
    int before = target.requests();
    target.receivedAtLeast(MESSAGES / 4).await(60, TimeUnit.SECONDS);
    double rate = (target.requests() - before) / ((System.nanoTime() - from) / 1e9);
    kill(gateway);
    assertThat(target.requests()).as("killed mid-job").isLessThan(MESSAGES);
    return CONNECTIONS + (int) Math.ceil(rate * UNWRITTEN_SECONDS);
  }

  /** SIGKILL: no drain, no shutdown hook, as a crash or an OOM kill. */
  private static void kill(JarProcess gateway) throws InterruptedException {
    gateway.process().toHandle().destroyForcibly();
    assertThat(gateway.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  private static String submit(int port, JsonObject body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
        .build();
    HttpResponse<String> accepted = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return new JsonObject(accepted.body()).getString("jobId");
  }

  /** The job once {@code done} holds; the test's timeout bounds it. */
  private JsonObject awaitJob(int port, String jobId, Predicate<JsonObject> done) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    return TestJobs.until(vertx, path -> client.get(path).send(), jobId, done).await();
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Every index reached the target with the message id {@code <jobId>-<index>}, and at most {@code maxDuplicates}
   * more than once.
   */
  private void assertEveryIndexOnceBut(String jobId, int maxDuplicates) {
    Map<String, Integer> seen = new HashMap<>();
    target.received().forEach(request -> seen.merge(request.header("Pushgate-Message-Id"), 1, Integer::sum));
    for (int i = 0; i < MESSAGES; i++) {
      assertThat(seen).as("index %d", i).containsKey(jobId + "-" + i);
    }
    long duplicates = seen.values().stream().filter(count -> count > 1).count();
    assertThat(duplicates).as("messages delivered twice").isLessThanOrEqualTo(maxDuplicates);
    assertThat(seen.keySet()).allSatisfy(id -> assertThat(id).startsWith(jobId + "-"));
  }

  /** NDJSON lines, made as they are read: the test holds no million-line body either. */
  private static final class NdjsonLines extends InputStream {

    private final int total;
    private int next;
    private byte[] chunk = new byte[0];
    private int position;

    NdjsonLines(int total) {
      this.total = total;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      if (position == chunk.length) {
        if (next == total) {
          return -1;
        }
        StringBuilder lines = new StringBuilder();
        for (int end = Math.min(total, next + 1000); next < end; next++) {
          lines.append("{\"user_id\":\"").append(next).append("\",\"message\":\"Hello ").append(next).append("\"}\n");
        }
        chunk = lines.toString().getBytes(StandardCharsets.UTF_8);
        position = 0;
      }
      int copied = Math.min(length, chunk.length - position);
      System.arraycopy(chunk, position, into, offset, copied);
      position += copied;
      return copied;
    }
  }
}
