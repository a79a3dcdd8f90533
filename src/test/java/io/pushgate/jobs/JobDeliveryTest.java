package io.pushgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.pushgate.support.TestJobs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("Jobs are delivered through the senders: every message once, paused by an open circuit, fairly shared")
class JobDeliveryTest {

  @Test
  @DisplayName("every message reaches the target once with the id <jobId>-<index>; results say delivered")
  void delivers_every_message(Vertx vertx) {
    FakeTarget target = new FakeTarget();
    TestGateway gateway = GatewayFixture.start(vertx, target);
    String jobId = TestJobs.submit(gateway, TestBatches.of(300)).await();
    JsonObject job = TestJobs.untilStatus(vertx, gateway, jobId, "completed").await();
    assertThat(job.getInteger("delivered")).isEqualTo(300);
    assertThat(job.getInteger("pending")).isZero();
    assertThat(job.getString("finishedAt")).isNotNull();
    Set<String> ids = new HashSet<>();
    target.received().forEach(request -> ids.add(request.header("Pushgate-Message-Id")));
    assertThat(target.requests()).isEqualTo(300);
    for (int i = 0; i < 300; i++) {
      assertThat(ids).contains(jobId + "-" + i);
    }
    JsonObject page = gateway.get("/v1/jobs/" + jobId + "/results?limit=2").await().bodyAsJsonObject();
    JsonArray results = page.getJsonArray("results");
    assertThat(results.getJsonObject(0).getString("status")).isEqualTo("delivered");
    assertThat(results.getJsonObject(0).getInteger("httpStatus")).isEqualTo(200);
    assertThat(results.getJsonObject(0).getJsonObject("response")).isEqualTo(new JsonObject().put("ok", true));
    assertThat(page.getInteger("next")).isEqualTo(1);
  }

  @Test
  @DisplayName("a job is paused while its target's circuit is open, and completes once it recovers, nothing failed")
  void open_circuit_pauses(Vertx vertx) {
    AtomicBoolean down = new AtomicBoolean(true);
    FakeTarget target = new FakeTarget().behave((request, attempt) -> down.get()
        ? Reply.json(503, "{\"down\":true}") : Reply.json(200, "{\"ok\":true}"));
    // Attempts enough that no message runs out of them while it is the half-open probe again and again: a message
    // that has had maxAttempts ends with its last answer, paused or not, which is not what this test is about.
    TestGateway gateway = GatewayFixture.start(vertx, raw -> raw.getJsonObject("targets").getJsonObject("default")
        .put("maxAttempts", 50)
        .put("circuitBreaker", new JsonObject().put("maxFailures", 3).put("resetTimeoutMs", 200)), target);
    String jobId = TestJobs.submit(gateway, TestBatches.of(20)).await();
    // Enough failed attempts to open the circuit several times over: the job must not fail a single message.
    target.receivedAtLeast(12).await();
    JsonObject paused = gateway.get("/v1/jobs/" + jobId).await().bodyAsJsonObject();
    assertThat(paused.getInteger("failed")).isZero();
    assertThat(paused.getString("status")).isEqualTo("running");
    down.set(false);
    JsonObject job = TestJobs.untilStatus(vertx, gateway, jobId, "completed").await();
    assertThat(job.getInteger("delivered")).isEqualTo(20);
    assertThat(job.getInteger("failed")).isZero();
  }

  @Test
  @DisplayName("a refusal is a final failure with the target's answer")
  void refusal_fails(Vertx vertx) {
    FakeTarget target = new FakeTarget().respond(422, "{\"bad\":true}");
    TestGateway gateway = GatewayFixture.start(vertx, target);
    String jobId = TestJobs.submit(gateway, TestBatches.of(3)).await();
    JsonObject job = TestJobs.untilStatus(vertx, gateway, jobId, "completed").await();
    assertThat(job.getInteger("failed")).isEqualTo(3);
    JsonObject result = gateway.get("/v1/jobs/" + jobId + "/results?status=failed").await().bodyAsJsonObject()
        .getJsonArray("results").getJsonObject(2);
    assertThat(result.getInteger("index")).isEqualTo(2);
    assertThat(result.getInteger("httpStatus")).isEqualTo(422);
    assertThat(result.getJsonObject("response")).isEqualTo(new JsonObject().put("bad", true));
  }

  @Test
  @DisplayName("a ten-message job submitted after a large one is not held back by it")
  void small_job_is_not_held_back(Vertx vertx) {
    // Slow answers keep the large job running for a while: 4,000 messages, 20 ms each, over a few connections.
    FakeTarget target = new FakeTarget().answerBy(request -> Reply.json(200, "{}").after(20));
    TestGateway gateway = GatewayFixture.start(vertx, raw -> raw.getJsonObject("senders")
        .put("maxConnectionsPerTarget", 4), target);
    String large = TestJobs.submit(gateway, TestBatches.of(4000)).await();
    target.receivedAtLeast(10).await();
    String small = TestJobs.submit(gateway, TestBatches.of(10)).await();
    TestJobs.untilStatus(vertx, gateway, small, "completed").await();
    JsonObject big = gateway.get("/v1/jobs/" + large).await().bodyAsJsonObject();
    assertThat(big.getString("status")).as("the large job is still running").isEqualTo("running");
    assertThat(big.getInteger("pending")).isGreaterThan(1000);
    gateway.delete("/v1/jobs/" + large).await();
  }

  @Test
  @DisplayName("synchronous batches keep being admitted while a job holds what it may")
  void batches_are_admitted_beside_jobs(Vertx vertx) {
    FakeTarget target = new FakeTarget().answerBy(request -> Reply.json(200, "{}").after(5));
    TestGateway gateway = GatewayFixture.start(vertx, raw -> raw.put("limits", new JsonObject()
        .put("maxInFlight", 1000)).put("push", new JsonObject().put("maxBatch", 500))
        .getJsonObject("jobs").put("maxInFlight", 400), target);
    String jobId = TestJobs.submit(gateway, TestBatches.of(3000)).await();
    target.receivedAtLeast(100).await();
    JsonObject batch = gateway.post("/v1/push", TestBatches.of(500)).await().bodyAsJsonObject();
    assertThat(batch.getInteger("delivered")).isEqualTo(500);
    gateway.delete("/v1/jobs/" + jobId).await();
  }

  @Test
  @DisplayName("cancel: messages not yet sent never are and end cancelled; the job says cancelled")
  void cancel(Vertx vertx) {
    FakeTarget target = new FakeTarget().answerBy(request -> Reply.json(200, "{}").after(50));
    TestGateway gateway = GatewayFixture.start(vertx, raw -> raw.getJsonObject("senders")
        .put("maxConnectionsPerTarget", 2), target);
    String jobId = TestJobs.submit(gateway, TestBatches.of(2000)).await();
    target.receivedAtLeast(4).await();
    JsonObject cancelled = gateway.delete("/v1/jobs/" + jobId).await().bodyAsJsonObject();
    assertThat(cancelled.getString("status")).isEqualTo("cancelled");
    JsonObject job = TestJobs.until(vertx, gateway, jobId, j -> j.getInteger("pending") == 0).await();
    int sent = target.requests();
    assertThat(job.getInteger("cancelled")).isGreaterThan(1000);
    assertThat(job.getInteger("delivered") + job.getInteger("cancelled")).isEqualTo(2000);
    assertThat(sent).isEqualTo(job.getInteger("delivered"));
    JsonObject again = gateway.delete("/v1/jobs/" + jobId).await().bodyAsJsonObject();
    assertThat(again.getInteger("cancelled")).as("a finished job is unchanged").isEqualTo(job.getInteger("cancelled"));
  }

  @Test
  @DisplayName("expiresInMs ends messages still pending failed / expired")
  void expiry(Vertx vertx) {
    FakeTarget target = new FakeTarget().respond(503, "{}");
    TestGateway gateway = GatewayFixture.start(vertx, raw -> raw.getJsonObject("targets").getJsonObject("default")
        .put("circuitBreaker", new JsonObject().put("maxFailures", 1).put("resetTimeoutMs", 60_000)), target);
    String jobId = TestJobs.submit(gateway, TestBatches.of(5).put("expiresInMs", 500)).await();
    JsonObject job = TestJobs.untilStatus(vertx, gateway, jobId, "completed").await();
    assertThat(job.getInteger("failed")).isEqualTo(5);
    List<String> errors = gateway.get("/v1/jobs/" + jobId + "/results").await().bodyAsJsonObject()
        .getJsonArray("results").stream().map(r -> ((JsonObject) r).getString("error")).toList();
    assertThat(errors).hasSize(5).containsOnly("expired");
  }

  @Test
  @DisplayName("notify: the finished job's JSON is POSTed, signed, to the notify target with the id <jobId>-notify-0")
  void notify_target(Vertx vertx) {
    FakeTarget target = new FakeTarget();
    FakeTarget hooks = new FakeTarget();
    String secret = "whsec_" + Base64.getEncoder().encodeToString("notify-secret".getBytes(StandardCharsets.UTF_8));
    TestGateway gateway = GatewayFixture.start(vertx, raw -> raw.getJsonObject("targets")
        .put("hooks", TestConfigs.target(hooks.url()).put("signingSecret", secret)), target, hooks);
    String jobId = TestJobs.submit(gateway, TestBatches.of(3).put("notify", "hooks")).await();
    hooks.receivedAtLeast(1).await();
    FakeTarget.Received notice = hooks.received().get(0);
    assertThat(notice.header("Pushgate-Message-Id")).isEqualTo(jobId + "-notify-0");
    assertThat(notice.header("webhook-id")).isEqualTo(jobId + "-notify-0");
    assertThat(notice.header("webhook-signature")).startsWith("v1,");
    JsonObject body = notice.body().toJsonObject();
    assertThat(body.getString("jobId")).isEqualTo(jobId);
    assertThat(body.getString("status")).isEqualTo("completed");
    assertThat(body.getInteger("delivered")).isEqualTo(3);
  }

  @Test
  @DisplayName("metrics: job messages by final status, jobs by status, pending per target in /v1/targets")
  void metrics(Vertx vertx) {
    AtomicInteger seen = new AtomicInteger();
    FakeTarget target = new FakeTarget().answerBy(request -> seen.incrementAndGet() % 2 == 0
        ? Reply.json(200, "{}") : Reply.json(400, "{}"));
    TestGateway gateway = GatewayFixture.start(vertx, target);
    String jobId = TestJobs.submit(gateway, TestBatches.of(10)).await();
    TestJobs.untilStatus(vertx, gateway, jobId, "completed").await();
    double delivered = gateway.metric("pushgate_job_messages_total{status=\"delivered\",target=\"default\"}").await();
    double failed = gateway.metric("pushgate_job_messages_total{status=\"failed\",target=\"default\"}").await();
    assertThat(delivered + failed).isEqualTo(10);
    assertThat(gateway.get("/metrics").await().bodyAsString()).contains("pushgate_job_store_seconds_count{")
        .contains("pushgate_jobs{status=\"completed\"}");
    assertThat(gateway.get("/v1/targets").await().bodyAsJsonObject().getJsonArray("targets").getJsonObject(0)
        .containsKey("jobsPending")).isTrue();
  }
}
