package io.pushgate.jobs;

import static io.pushgate.jobs.JobApiTest.jobs;
import static io.pushgate.jobs.JobApiTest.pendingGateway;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.BusHeaders;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("pushgate.jobs.submit takes the POST /v1/jobs body and replies the 202 body, or fails with the code")
class JobBusApiTest {

  @Test
  @DisplayName("a job submitted on the bus is stored and followed over HTTP; the Idempotency-Key header dedupes")
  void submit(Vertx vertx) {
    TestGateway gateway = pendingGateway(vertx, raw -> { });
    JsonObject body = TestBatches.of(3).put("expiresInMs", 60_000);
    Message<Object> reply = vertx.eventBus().request(Addresses.JOBS_SUBMIT, body).await();
    JsonObject accepted = (JsonObject) reply.body();
    assertThat(accepted.getString("status")).isEqualTo("queued");
    assertThat(accepted.getInteger("total")).isEqualTo(3);
    String jobId = accepted.getString("jobId");
    assertThat(gateway.get("/v1/jobs/" + jobId).await().statusCode()).isEqualTo(200);

    DeliveryOptions keyed = new DeliveryOptions().addHeader(BusHeaders.IDEMPOTENCY_KEY, "bus-1");
    String first = ((JsonObject) vertx.eventBus().request(Addresses.JOBS_SUBMIT, body, keyed).await().body())
        .getString("jobId");
    String again = ((JsonObject) vertx.eventBus().request(Addresses.JOBS_SUBMIT, body, keyed).await().body())
        .getString("jobId");
    assertThat(again).isEqualTo(first);
    assertThat(jobs(gateway, "")).hasSize(2);
    ReplyException conflict = refusal(vertx, TestBatches.of(4), keyed);
    assertThat(conflict.failureCode()).isEqualTo(409);
    assertThat(new JsonObject(conflict.getMessage()).getString("error")).isEqualTo("idempotency_conflict");
  }

  @Test
  @DisplayName("refusals carry the HTTP status as failureCode and the JSON error as message")
  void refusals(Vertx vertx) {
    pendingGateway(vertx, raw -> raw.getJsonObject("jobs").put("maxMessages", 5));
    DeliveryOptions none = new DeliveryOptions();
    expect(refusal(vertx, TestBatches.of("nope", 1), none), 400, "unknown_target", "target");
    expect(refusal(vertx, TestBatches.of(1).put("notify", "nope"), none), 400, "unknown_target", "notify");
    expect(refusal(vertx, new JsonObject(), none), 400, "invalid_request", "messages");
    expect(refusal(vertx, new JsonObject().put("messages", new JsonArray().add(1)), none), 400, "invalid_request",
        "messages[0]");
    expect(refusal(vertx, TestBatches.of(1).put("expiresInMs", -1), none), 400, "invalid_request", "expiresInMs");
    expect(refusal(vertx, TestBatches.of(1).put("prio", 1), none), 400, "invalid_request", "prio");
    expect(refusal(vertx, TestBatches.of(6), none), 413, "too_many_messages", "messages");
    // The Idempotency-Key header is checked as over HTTP, with the same message.
    for (String key : new String[] {"", "k".repeat(JobIntake.MAX_IDEMPOTENCY_KEY_LENGTH + 1)}) {
      ReplyException badKey = refusal(vertx, TestBatches.of(1),
          new DeliveryOptions().addHeader(BusHeaders.IDEMPOTENCY_KEY, key));
      expect(badKey, 400, "invalid_request", "Idempotency-Key");
      assertThat(new JsonObject(badKey.getMessage()).getString("message"))
          .isEqualTo("Idempotency-Key must be 1 to 256 characters");
    }
    ReplyException notJson = vertx.eventBus().request(Addresses.JOBS_SUBMIT, "text").<ReplyException>transform(
        done -> io.vertx.core.Future.succeededFuture((ReplyException) done.cause())).await();
    assertThat(notJson.failureCode()).isEqualTo(400);
  }

  private static ReplyException refusal(Vertx vertx, JsonObject body, DeliveryOptions options) {
    return vertx.eventBus().request(Addresses.JOBS_SUBMIT, body, options).<ReplyException>transform(done -> {
      assertThat(done.failed()).as("refused").isTrue();
      return io.vertx.core.Future.succeededFuture((ReplyException) done.cause());
    }).await();
  }

  private static void expect(ReplyException refusal, int code, String error, String field) {
    assertThat(refusal.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
    assertThat(refusal.failureCode()).isEqualTo(code);
    JsonObject json = new JsonObject(refusal.getMessage());
    assertThat(json.getString("error")).isEqualTo(error);
    assertThat(json.getString("field")).isEqualTo(field);
  }
}
