package io.pushgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.JarProcess;
import io.pushgate.support.Ports;
import io.pushgate.support.TestBatches;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing Vert.x keeps per outgoing connection grows with the number of targets: each new client connection gets a
 * context whose deployment options are a copy of the sender's, and a sender once carried every target's config there.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@DisplayName("The jar with 200 targets takes a burst of one batch per target in a small heap")
class ManyTargetsIT {

  private static final int TARGETS = 200;

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private JarProcess gateway;

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      assertThat(gateway.stop()).as("the gateway exits on SIGTERM").isTrue();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("200 targets, 200 concurrent 10-message batches, -Xmx96m: every message delivered, the node alive")
  void burst_over_many_targets() throws Exception {
    FakeTarget target = new FakeTarget();
    vertx.deployVerticle(target).await(10, TimeUnit.SECONDS);
    JsonObject targets = new JsonObject();
    for (int i = 0; i < TARGETS; i++) {
      // A config of a realistic size: every target with a credential header.
      targets.put("t" + i, new JsonObject().put("url", target.url() + "?target=" + i)
          .put("headers", new JsonObject().put("Authorization", "Bearer " + "k".repeat(64) + i)));
    }
    int port = Ports.free();
    Path config = dir.resolve("config.json");
    Files.writeString(config, new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
        .put("demoReceiver", new JsonObject().put("enabled", false))
        .put("targets", targets)
        .encode());
    gateway = JarProcess.start(List.of("-Xmx96m"), config, Map.of());
    gateway.awaitLine("Pushgate listening");

    List<CompletableFuture<HttpResponse<String>>> batches = new ArrayList<>();
    for (int i = 0; i < TARGETS; i++) {
      batches.add(JarProcess.push(port, TestBatches.of("t" + i, 10)));
    }
    for (CompletableFuture<HttpResponse<String>> batch : batches) {
      HttpResponse<String> answer = batch.get(60, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(new JsonObject(answer.body()).getInteger("delivered")).isEqualTo(10);
    }
    // At least once: a connection that a busy machine was slow to open may time an attempt out and send it again.
    assertThat(target.received().stream().map(request -> request.header("Pushgate-Message-Id")).distinct().count())
        .isEqualTo(TARGETS * 10);
    HttpResponse<String> live = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(gateway.process().isAlive()).isTrue();
  }
}
