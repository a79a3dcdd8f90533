package io.pushgate;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
@DisplayName("A drain shorter than a batch still answers every request before the server closes")
class DrainTimeUpTest {

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger mainLog = (Logger) LoggerFactory.getLogger(MainVerticle.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    mainLog.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    mainLog.detachAppender(logs);
  }

  /** A gateway whose drain lasts 300 ms, at a target that answers every POST 200 after {@code answerMs}. */
  private static GatewayAndTarget start(Vertx vertx, long answerMs) {
    FakeTarget target = new FakeTarget().behave((request, attempt) -> Reply.json(200, "{\"ok\":true}").after(answerMs));
    TestGateway gateway = GatewayFixture.start(vertx,
        raw -> raw.put("shutdown", new JsonObject().put("drainMs", 300)), target);
    return new GatewayAndTarget(gateway, target);
  }

  private record GatewayAndTarget(TestGateway gateway, FakeTarget target) {

    /** Once the target has {@code requests}, what the shutdown hook does on SIGTERM: drain, then close. */
    void shutDownAfter(int requests) throws Exception {
      target.receivedAtLeast(requests).await(10, TimeUnit.SECONDS);
      gateway.drain().compose(drained -> gateway.undeploy()).await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("past shutdown.drainMs, a batch is answered: outcomes as they are, the rest unavailable, saying why")
  void batch_is_answered_when_the_drain_time_is_up(Vertx vertx) throws Exception {
    // 2 senders x 32 connections to a target that answers in 200 ms: 1,000 messages take about 3 s.
    GatewayAndTarget started = start(vertx, 200);
    Future<HttpResponse<Buffer>> batch = started.gateway()
        .post("/v1/push", TestBatches.of(1000).put("timeoutMs", 20_000));
    started.shutDownAfter(100);

    HttpResponse<Buffer> response = batch.await(5, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject summary = response.bodyAsJsonObject();
    assertThat(summary.getInteger("total")).isEqualTo(1000);
    List<String> details = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      JsonObject result = summary.getJsonArray("results").getJsonObject(i);
      if (!"delivered".equals(result.getString("status"))) {
        assertThat(result.getString("status")).as(result.encode()).isEqualTo("failed");
        assertThat(result.getString("error")).as(result.encode()).isEqualTo("unavailable");
        details.add(result.getString("detail"));
      }
    }
    assertThat(summary.getInteger("delivered")).isPositive().isLessThan(1000);
    assertThat(summary.getInteger("delivered") + details.size()).isEqualTo(1000);
    assertThat(details).anyMatch(detail -> detail.contains("shut down before sending it"))
        .anyMatch(detail -> detail.contains("shut down before the target's answer came"));
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(line -> line.startsWith("drain time is up with") && line.contains("in flight"))
        .noneMatch(line -> line.contains("other nodes"));
  }

  @Test
  @DisplayName("past shutdown.drainMs, a relayed call whose target has not answered yet gets 503 unavailable")
  void relayed_call_is_answered_when_the_drain_time_is_up(Vertx vertx) throws Exception {
    GatewayAndTarget started = start(vertx, 5_000);
    Future<HttpResponse<Buffer>> relayed = started.gateway()
        .post("/v1/push/default", new JsonObject().put("user_id", "1"));
    started.shutDownAfter(1);

    // Answered by the sender's cut, long before the target's 5 s.
    HttpResponse<Buffer> response = relayed.await(2, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("unavailable");
    assertThat(response.bodyAsJsonObject().getString("message")).contains("shut down before the target's answer came");
  }
}
