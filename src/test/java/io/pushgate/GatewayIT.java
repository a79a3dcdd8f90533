package io.pushgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.JarProcess;
import io.pushgate.support.Ports;
import io.pushgate.support.TestBatches;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the fat jar as users do, {@code java -jar target/pushgate.jar}, and talks to it over 127.0.0.1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("The fat jar starts from its config file, environment and system properties")
class GatewayIT {

  @TempDir
  Path dir;

  private JarProcess gateway;
  private Process process;

  @AfterEach
  void stop() throws InterruptedException {
    if (gateway != null) {
      assertThat(gateway.stop()).as("the gateway exits on SIGTERM").isTrue();
    }
  }

  @Test
  @DisplayName("file < environment < system property, and the demo receiver takes real deliveries")
  void precedence_and_delivery() throws Exception {
    int filePort = freePort();
    int envPort = freePort();
    int sysPort = freePort();
    int demoPort = freePort();
    Path config = dir.resolve("config.json");
    Files.writeString(config, new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", filePort))
        .put("push", new JsonObject().put("maxBatch", 2))
        .put("demoReceiver", new JsonObject().put("port", demoPort))
        .put("targets", new JsonObject().put("default",
            new JsonObject().put("url", "http://127.0.0.1:" + demoPort + "/push")))
        .encode());
    start(List.of("-Dpushgate.http.port=" + sysPort), config,
        Map.of("PUSHGATE_HTTP_PORT", String.valueOf(envPort), "PUSHGATE_PUSH_MAX_BATCH", "3"));
    assertThat(awaitLine("Pushgate listening")).contains("127.0.0.1:" + sysPort);

    HttpResponse<String> tooMany = post(sysPort, TestBatches.of(4));
    assertThat(tooMany.statusCode()).as("maxBatch from the environment").isEqualTo(413);
    HttpResponse<String> ok = post(sysPort, TestBatches.of(3));
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonObject summary = new JsonObject(ok.body());
    assertThat(summary.getInteger("delivered")).isEqualTo(3);
    assertThat(summary.getJsonArray("results").getJsonObject(0).getJsonObject("response").getBoolean("received"))
        .isTrue();
  }

  @Test
  @DisplayName("operations: Vert.x and gateway metrics, probes, target list, JSON log lines with request ids")
  void operations_endpoints_and_json_logs() throws Exception {
    int port = freePort();
    int demoPort = freePort();
    Path config = dir.resolve("config.json");
    Files.writeString(config, new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
        .put("demoReceiver", new JsonObject().put("port", demoPort))
        .put("targets", new JsonObject().put("default",
            new JsonObject().put("url", "http://127.0.0.1:" + demoPort + "/push")))
        .encode());
    start(List.of("-Dlogback.configurationFile=logback-json.xml"), config, Map.of());
    awaitLine("Pushgate listening");

    HttpRequest push = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/push"))
        .header("content-type", "application/json").header("X-Request-Id", "it-1")
        .POST(HttpRequest.BodyPublishers.ofString(TestBatches.of(2).encode())).build();
    assertThat(HttpClient.newHttpClient().send(push, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
    JsonObject logLine = new JsonObject(awaitLine("\"requestId\":\"it-1\""));
    assertThat(logLine.getString("message")).startsWith("POST /v1/push 200");
    assertThat(logLine.getString("level")).isEqualTo("INFO");

    String metrics = get(port, "/metrics").body();
    assertThat(metrics).contains("pushgate_messages_total{status=\"delivered\",target=\"default\"} 2.0",
        "vertx_eventbus_", "vertx_pool_", "vertx_http_server_requests_total",
        "route=\"/v1/push\"", "jvm_memory_used_bytes");
    assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
    assertThat(new JsonObject(get(port, "/v1/targets").body()).getJsonArray("targets").getJsonObject(0)
        .getLong("delivered")).isEqualTo(2);
  }

  @Test
  @DisplayName("SIGTERM during a batch: the batch still gets its whole answer, then the JVM exits 0")
  void sigterm_drains_the_batch_in_flight() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      FakeTarget slow = new FakeTarget().behave((request, attempt) -> FakeTarget.Reply.json(200, "{}").after(700));
      vertx.deployVerticle(slow).await();
      int port = freePort();
      Path config = dir.resolve("config.json");
      Files.writeString(config, new JsonObject()
          .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
          .put("demoReceiver", new JsonObject().put("enabled", false))
          .put("shutdown", new JsonObject().put("drainMs", 20_000))
          .put("targets", new JsonObject().put("default", new JsonObject().put("url", slow.url())))
          .encode());
      start(List.of(), config, Map.of());
      awaitLine("Pushgate listening");
      CompletableFuture<HttpResponse<String>> batch = postAsync(port, TestBatches.of(10));
      slow.receivedAtLeast(1).await(20, TimeUnit.SECONDS);
      process.toHandle().destroy();

      HttpResponse<String> answer = batch.get(20, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(answer.body()).getInteger("delivered")).isEqualTo(10);
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
      awaitLine("Pushgate stopped");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("an invalid config stops start-up with one message naming every bad key")
  void invalid_config_is_refused() throws Exception {
    Path config = dir.resolve("bad.json");
    Files.writeString(config, "{\"http\":{\"port\":-3,\"hots\":\"x\"},\"targets\":{\"default\":{\"url\":\"nope\"}}}");
    start(List.of(), config, Map.of("PUSHGATE_SENDERS_INSTANCES", "many"));
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    String message = awaitLine("cannot start");
    assertThat(message).contains("http.port", "http.hots", "targets.default.url", "PUSHGATE_SENDERS_INSTANCES");
  }

  @Test
  @DisplayName("a port in use stops start-up with one line naming the setting, the address and what to do")
  void port_in_use_is_one_line() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Path config = dir.resolve("config.json");
      Files.writeString(config, new JsonObject()
          .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
          .put("demoReceiver", new JsonObject().put("enabled", false))
          .encode());
      start(List.of(), config, Map.of());
      List<String> output = gateway.allOutput();
      assertThat(process.exitValue()).isNotZero();
      assertThat(output).anySatisfy(line -> assertThat(line).contains("Pushgate cannot start: http.port: 127.0.0.1:"
          + port + " is already in use; stop the other process or set PUSHGATE_HTTP_PORT"));
      assertThat(output).as("no stack trace").noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));

      Path demo = dir.resolve("demo.json");
      Files.writeString(demo, new JsonObject()
          .put("http", new JsonObject().put("host", "127.0.0.1").put("port", freePort()))
          .put("demoReceiver", new JsonObject().put("host", "127.0.0.1").put("port", port))
          .encode());
      start(List.of(), demo, Map.of());
      List<String> demoOutput = gateway.allOutput();
      assertThat(process.exitValue()).isNotZero();
      assertThat(demoOutput).anySatisfy(line -> assertThat(line).contains("demoReceiver.port: 127.0.0.1:" + port
          + " is already in use", "PUSHGATE_DEMO_RECEIVER_PORT", "PUSHGATE_DEMO_RECEIVER_ENABLED=false"));
      assertThat(demoOutput).as("no stack trace").noneMatch(line -> line.startsWith("\tat ")
          || line.contains("Exception"));
    }
  }

  @Test
  @DisplayName("start-up names the config file read, or says that the bundled defaults are in use")
  void config_file_is_named() throws Exception {
    int port = freePort();
    Path config = dir.resolve("named.json");
    Files.writeString(config, new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
        .put("demoReceiver", new JsonObject().put("enabled", false))
        .encode());
    start(List.of(), config, Map.of());
    assertThat(awaitLine("configuration read from")).endsWith("configuration read from " + config.toAbsolutePath());
    awaitLine("Pushgate listening");
    assertThat(gateway.stop()).isTrue();

    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    gateway = JarProcess.startIn(elsewhere, List.of(), Map.of("PUSHGATE_HTTP_HOST", "127.0.0.1",
        "PUSHGATE_HTTP_PORT", String.valueOf(freePort()), "PUSHGATE_DEMO_RECEIVER_ENABLED", "false"), List.of());
    process = gateway.process();
    assertThat(awaitLine("config file")).contains("no config file (" + elsewhere.resolve("conf/config.json")
        + " does not exist): bundled defaults in use");
    awaitLine("Pushgate listening");
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("--health-check exits 0 while /health/live answers, over HTTPS when http.tls is set, else 1")
  void health_check_mode(boolean tls) throws Exception {
    JsonObject http = new JsonObject().put("host", "0.0.0.0").put("port", freePort());
    if (tls) {
      // For CN=pushgate.example only: the check calls 127.0.0.1 and must not insist on the name.
      Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
          "-subj", "/CN=pushgate.example", "-keyout", dir.resolve("key.pem").toString(),
          "-out", dir.resolve("cert.pem").toString()).redirectErrorStream(true).start();
      openssl.getInputStream().readAllBytes();
      assertThat(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0).isTrue();
      http.put("tls", new JsonObject().put("certPath", dir.resolve("cert.pem").toString())
          .put("keyPath", dir.resolve("key.pem").toString()));
    }
    Path config = dir.resolve("config.json");
    Files.writeString(config, new JsonObject().put("http", http)
        .put("demoReceiver", new JsonObject().put("enabled", false)).encode());

    JarProcess before = JarProcess.start(List.of(), config, Map.of(), List.of("--health-check"));
    assertThat(before.allOutput()).anySatisfy(line -> assertThat(line).contains("unhealthy"));
    assertThat(before.process().exitValue()).as("nothing listens yet").isEqualTo(1);

    start(List.of(), config, Map.of());
    awaitLine("Pushgate listening");
    JarProcess check = JarProcess.start(List.of(), config, Map.of(), List.of("--health-check"));
    List<String> output = check.allOutput();
    assertThat(check.process().exitValue()).as(String.join("\n", output)).isZero();
    assertThat(output).anySatisfy(line -> assertThat(line)
        .contains("healthy: " + (tls ? "https" : "http") + "://127.0.0.1:" + http.getInteger("port")));
  }

  private void start(List<String> jvmArgs, Path config, Map<String, String> env) throws IOException {
    gateway = JarProcess.start(jvmArgs, config, env);
    process = gateway.process();
  }

  private String awaitLine(String fragment) throws InterruptedException {
    return gateway.awaitLine(fragment);
  }

  private static HttpResponse<String> post(int port, JsonObject body) throws Exception {
    return postAsync(port, body).get(30, TimeUnit.SECONDS);
  }

  private static CompletableFuture<HttpResponse<String>> postAsync(int port, JsonObject body) {
    return JarProcess.push(port, body);
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() {
    return Ports.free();
  }
}
