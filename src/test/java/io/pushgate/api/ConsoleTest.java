package io.pushgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.ConsoleStream;
import io.pushgate.support.Eventually;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.pushgate.support.TestJobs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("The console: its page at /console and its snapshots at /v1/console/events")
class ConsoleTest {

  private static final String KEY = "console-key";

  private static ConsoleStream open(HttpClient client, TestGateway gateway, Map<String, String> headers) {
    return ConsoleStream.open(client, gateway.port(), headers);
  }

  private static TestGateway gateway(Vertx vertx, Consumer<JsonObject> tweak) {
    FakeTarget target = new FakeTarget().hang();
    return GatewayFixture.start(vertx, raw -> {
      raw.getJsonObject("targets").getJsonObject("default").put("timeoutMs", 60_000).put("maxAttempts", 1);
      raw.getJsonObject("targets").put("secret", TestConfigs.target("https://push.example.com/send?token=abc"));
      raw.put("shutdown", new JsonObject().put("drainMs", 100));
      raw.put("limits", new JsonObject().put("maxInFlight", 30_000));
      tweak.accept(raw);
    }, target);
  }

  @Test
  @DisplayName("/console leads to /console/: the page, HTML and ES modules from the jar, under a strict CSP")
  void page(Vertx vertx) {
    TestGateway gateway = gateway(vertx, raw -> { });
    HttpResponse<Buffer> redirect = gateway.client().get("/console").followRedirects(false).send().await();
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.getHeader("Location")).isEqualTo("console/");
    HttpResponse<Buffer> page = gateway.get("/console/").await();
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'none'", "connect-src 'self'",
        "frame-ancestors 'none'");
    assertThat(page.bodyAsString()).contains("<script type=\"module\" src=\"console.js\">",
        "type=\"password\"").doesNotContain("http://", "https://");
    for (String module : List.of("console.js", "view.js", "figures.js", "sse.js")) {
      HttpResponse<Buffer> file = gateway.get("/console/" + module).await();
      assertThat(file.statusCode()).as(module).isEqualTo(200);
      assertThat(file.getHeader("Content-Type")).as(module).startsWith("text/javascript");
    }
    assertThat(gateway.get("/console/nothing.js").await().statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("a snapshot at once, then one a second: nodes, targets as /v1/targets lists them, newest jobs first")
  void snapshots(Vertx vertx) {
    TestGateway gateway = gateway(vertx, raw -> { });
    String older = TestJobs.submit(gateway, TestBatches.of(3)).await();
    String newer = TestJobs.submit(gateway, TestBatches.of(2)).await();
    ConsoleStream stream = open(vertx.createHttpClient(), gateway, Map.of());
    assertThat(stream.response().statusCode()).isEqualTo(200);
    assertThat(stream.response().getHeader("Content-Type")).isEqualTo("text/event-stream");
    assertThat(stream.response().getHeader("Cache-Control")).isEqualTo("no-cache");
    stream.snapshots(vertx, 2).await();
    assertThat(stream.ids().subList(0, 2)).containsExactly(1L, 2L);
    JsonObject first = stream.snapshots().get(0);
    JsonObject second = stream.snapshots().get(1);
    assertThat(second.getLong("timeMs") - first.getLong("timeMs")).as("about a second apart").isBetween(800L, 3000L);

    JsonObject node = first.getJsonArray("nodes").getJsonObject(0);
    assertThat(first.getJsonArray("nodes")).hasSize(1);
    assertThat(node.getBoolean("self")).isTrue();
    assertThat(node.getBoolean("answered")).isTrue();
    assertThat(node.getBoolean("draining")).isFalse();
    assertThat(node.getLong("maxInFlight")).isEqualTo(30_000);
    // Admission's count, which the job runner takes room from a claim at a time: some of 30,000, whatever it is now.
    assertThat(node.getLong("inFlight")).isBetween(0L, 30_000L);

    JsonArray listed = gateway.get("/v1/targets").await().bodyAsJsonObject().getJsonArray("targets");
    JsonArray shown = first.getJsonArray("targets");
    assertThat(shown).hasSize(2);
    for (int i = 0; i < shown.size(); i++) {
      JsonObject target = shown.getJsonObject(i);
      JsonObject same = listed.getJsonObject(i);
      assertThat(target.fieldNames()).isEqualTo(same.fieldNames());
      assertThat(target.getString("url")).isEqualTo(same.getString("url"));
    }
    assertThat(shown.getJsonObject(1).getString("url")).isEqualTo("https://push.example.com/send?***");
    assertThat(first.encode()).doesNotContain("abc");

    assertThat(first.getBoolean("jobsServed")).isTrue();
    JsonArray jobs = second.getJsonArray("jobs");
    assertThat(jobs.stream().map(job -> ((JsonObject) job).getString("jobId"))).containsExactly(newer, older);
    assertThat(jobs.getJsonObject(1).getInteger("total")).isEqualTo(3);
  }

  @Test
  @DisplayName("the snapshot follows the node: a draining node says so")
  void draining(Vertx vertx) {
    TestGateway gateway = gateway(vertx, raw -> { });
    ConsoleStream stream = open(vertx.createHttpClient(), gateway, Map.of());
    stream.snapshots(vertx, 1).await();
    gateway.state().markDraining();
    Eventually.until(vertx, () -> Future.succeededFuture(stream.latest()),
        last -> last.getJsonArray("nodes").getJsonObject(0).getBoolean("draining")).await();
  }

  @Test
  @DisplayName("Last-Event-ID: n resumes the ids at n + 1")
  void resumes(Vertx vertx) {
    TestGateway gateway = gateway(vertx, raw -> { });
    ConsoleStream stream = open(vertx.createHttpClient(), gateway, Map.of("Last-Event-ID", "41"));
    stream.snapshots(vertx, 1).await();
    assertThat(stream.ids().get(0)).isEqualTo(42);
  }

  @Test
  @DisplayName("with API keys: the stream is 401 without the key, and nothing of the gateway's state comes with it")
  void api_keys(Vertx vertx) {
    TestGateway gateway = gateway(vertx, raw -> raw.put("auth", new JsonObject().put("apiKeys",
        new JsonArray().add(KEY))));
    HttpClient client = vertx.createHttpClient();
    HttpResponse<Buffer> refused = gateway.get("/v1/console/events").await();
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
    assertThat(refused.bodyAsString()).doesNotContain("default", "secret", "push.example.com");
    HttpResponse<Buffer> wrong = gateway.client().get("/v1/console/events")
        .putHeader("Authorization", "Bearer not-" + KEY).send().await();
    assertThat(wrong.statusCode()).isEqualTo(401);

    ConsoleStream stream = open(client, gateway, Map.of("Authorization", "Bearer " + KEY));
    assertThat(stream.response().statusCode()).isEqualTo(200);
    stream.snapshots(vertx, 1).await();
    assertThat(stream.snapshots().get(0).getJsonArray("targets")).hasSize(2);
    // The page itself holds no data: it is served to anyone, and asks for the key.
    assertThat(gateway.get("/console/").await().statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("console.enabled false: no page, no stream (404)")
  void disabled(Vertx vertx) {
    TestGateway gateway = gateway(vertx, raw -> raw.put("console", new JsonObject().put("enabled", false)));
    assertThat(gateway.get("/console/").await().statusCode()).isEqualTo(404);
    assertThat(gateway.get("/console").await().statusCode()).isEqualTo(404);
    HttpResponse<Buffer> events = gateway.get("/v1/console/events").await();
    assertThat(events.statusCode()).isEqualTo(404);
    assertThat(events.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
  }

  @Test
  @DisplayName("a node serving no job API shows no jobs; its console still shows the rest")
  void no_job_api(Vertx vertx) {
    TestGateway gateway = gateway(vertx, raw -> raw.getJsonObject("jobs").put("enabled", false));
    ConsoleStream stream = open(vertx.createHttpClient(), gateway, Map.of());
    stream.snapshots(vertx, 1).await();
    JsonObject snapshot = stream.snapshots().get(0);
    assertThat(snapshot.getBoolean("jobsServed")).isFalse();
    assertThat(snapshot.containsKey("jobs")).isFalse();
    assertThat(snapshot.getJsonArray("targets")).hasSize(2);
  }

  @Test
  @DisplayName("at most 64 streams per node, 429 past that; a stream that closes gives its place back")
  void bounded(Vertx vertx) {
    TestGateway gateway = gateway(vertx, raw -> { });
    HttpClient client = vertx.createHttpClient(new io.vertx.core.http.PoolOptions()
        .setHttp1MaxSize(ClientLimits.MAX_CONSOLE_STREAMS + 2));
    List<ConsoleStream> streams = new ArrayList<>();
    for (int i = 0; i < ClientLimits.MAX_CONSOLE_STREAMS; i++) {
      streams.add(open(client, gateway, Map.of()));
      assertThat(streams.get(i).response().statusCode()).isEqualTo(200);
    }
    HttpResponse<Buffer> refused = gateway.get("/v1/console/events").await();
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("overloaded");

    streams.get(0).close().await();
    Eventually.until(vertx, () -> client.request(HttpMethod.GET, gateway.port(), "127.0.0.1", "/v1/console/events")
        .compose(request -> request.send()).compose(response -> {
          int status = response.statusCode();
          return response.request().connection().close().map(status);
        }), status -> status == 200).await();
  }
}
