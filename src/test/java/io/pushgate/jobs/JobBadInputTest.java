package io.pushgate.jobs;

import static io.pushgate.jobs.JobApiTest.NDJSON;
import static io.pushgate.jobs.JobApiTest.jobs;
import static io.pushgate.jobs.JobApiTest.ndjson;
import static io.pushgate.jobs.JobApiTest.pendingGateway;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.RawHttp;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("Bad job requests get their error, naming the field, and leave no job behind")
class JobBadInputTest {

  private static final String JSON = "application/json";

  record Case(String name, String method, String path, String contentType, String body, String key, int status,
              String error, String field) {
  }

  private static final String LONG_KEY = "k".repeat(257);

  private static final List<Case> CASES = List.of(
      new Case("malformed JSON", "POST", "/v1/jobs", JSON, "{\"messages\":[{}", null, 400, "invalid_request", null),
      new Case("bad message", "POST", "/v1/jobs", JSON, "{\"messages\":[{},{},{},7]}", null, 400,
          "invalid_request", "messages[3]"),
      new Case("missing messages", "POST", "/v1/jobs", JSON, "{\"target\":\"default\"}", null, 400,
          "invalid_request", "messages"),
      new Case("unknown field", "POST", "/v1/jobs", JSON, "{\"messages\":[{}],\"prio\":1}", null, 400,
          "invalid_request", "prio"),
      new Case("bad line", "POST", "/v1/jobs", NDJSON, "{}\n{}\n\n{\"a\":\n", null, 400, "invalid_request", "line 4"),
      new Case("wrong content type", "POST", "/v1/jobs", "text/plain", "{}", null, 415, "unsupported_media_type",
          null),
      new Case("no content type", "POST", "/v1/jobs", null, "{}", null, 415, "unsupported_media_type", null),
      new Case("unknown target", "POST", "/v1/jobs", JSON, "{\"messages\":[{}],\"target\":\"nope\"}", null, 400,
          "unknown_target", "target"),
      new Case("unknown notify", "POST", "/v1/jobs", JSON, "{\"notify\":\"nope\",\"messages\":[{}]}", null, 400,
          "unknown_target", "notify"),
      new Case("NDJSON unknown target", "POST", "/v1/jobs?target=nope", NDJSON, "{}\n", null, 400,
          "unknown_target", "target"),
      new Case("NDJSON unknown notify", "POST", "/v1/jobs?notify=nope", NDJSON, "{}\n", null, 400,
          "unknown_target", "notify"),
      new Case("NDJSON bad expiresInMs", "POST", "/v1/jobs?expiresInMs=0", NDJSON, "{}\n", null, 400,
          "invalid_request", "expiresInMs"),
      new Case("too many messages", "POST", "/v1/jobs", JSON, TestBatches.of(6).encode(), null, 413,
          "too_many_messages", "messages"),
      new Case("too long a line", "POST", "/v1/jobs", NDJSON, "{}\n{\"a\":\"" + "x".repeat(3000) + "\"}\n", null,
          413, "payload_too_large", "line 2"),
      new Case("too long Idempotency-Key", "POST", "/v1/jobs", JSON, TestBatches.of(1).encode(), LONG_KEY, 400,
          "invalid_request", "Idempotency-Key"),
      new Case("empty Idempotency-Key", "POST", "/v1/jobs", JSON, TestBatches.of(1).encode(), "", 400,
          "invalid_request", "Idempotency-Key"),
      new Case("results limit over max", "GET", "/v1/jobs/job_x/results?limit=10001", null, null, null, 400,
          "invalid_request", "limit"),
      new Case("results bad after", "GET", "/v1/jobs/job_x/results?after=-2", null, null, null, 400,
          "invalid_request", "after"),
      new Case("results after not a number", "GET", "/v1/jobs/job_x/results?after=x", null, null, null, 400,
          "invalid_request", "after"),
      new Case("results bad status", "GET", "/v1/jobs/job_x/results?status=done", null, null, null, 400,
          "invalid_request", "status"),
      new Case("list limit over max", "GET", "/v1/jobs?limit=1001", null, null, null, 400, "invalid_request",
          "limit"),
      new Case("list bad status", "GET", "/v1/jobs?status=receiving", null, null, null, 400, "invalid_request",
          "status"));

  @Test
  @DisplayName("every bad request gets its status, error and field; no job is left in the store, of any status")
  void bad_inputs(Vertx vertx) {
    AtomicReference<StoreRows> store = new AtomicReference<>();
    TestGateway gateway = pendingGateway(vertx, raw -> {
      store.set(StoreRows.of(raw));
      raw.getJsonObject("jobs").put("maxMessages", 5);
      raw.getJsonObject("http").put("maxBodyBytes", 2048);
    });
    for (Case c : CASES) {
      var request = c.method().equals("GET") ? gateway.client().get(c.path()) : gateway.client().post(c.path());
      if (c.contentType() != null) {
        request.putHeader("content-type", c.contentType());
      }
      if (c.key() != null) {
        request.putHeader("Idempotency-Key", c.key());
      }
      HttpResponse<Buffer> answer = (c.body() == null ? request.send() : request.sendBuffer(Buffer.buffer(c.body())))
          .await();
      assertThat(answer.statusCode()).as(c.name() + ": " + answer.bodyAsString()).isEqualTo(c.status());
      JsonObject error = answer.bodyAsJsonObject();
      assertThat(error.getString("error")).as(c.name()).isEqualTo(c.error());
      assertThat(error.getString("field")).as(c.name()).isEqualTo(c.field());
      assertThat(error.getString("requestId")).as(c.name()).isNotNull();
      // The refused intake is deleted once answered: the store, not the API's list (which hides intakes), tells.
      store.get().awaitEmpty(vertx, c.name());
    }
  }

  @Test
  @DisplayName("a client that goes away mid-body leaves no job, and its Idempotency-Key free")
  void disconnect_mid_body(Vertx vertx) throws IOException {
    AtomicReference<StoreRows> store = new AtomicReference<>();
    TestGateway gateway = pendingGateway(vertx, raw -> store.set(StoreRows.of(raw)));
    // More than a batch (2000 messages), so that some were stored before the client went.
    String lines = ndjson(3000);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: " + NDJSON + "\r\nIdempotency-Key: gone\r\n"
          + "Content-Length: " + (lines.length() + 1000) + "\r\n\r\n" + lines).getBytes(StandardCharsets.UTF_8));
      out.flush();
      // The intake and its first batch are in the store before the client goes.
      store.get().await(vertx, "the first batch stored", rows -> rows >= 1 + JobIntake.BATCH_MESSAGES);
    }
    store.get().awaitEmpty(vertx, "the abandoned intake deleted");
    // The abandoned intake let go of the key: the same key makes a job again.
    HttpResponse<Buffer> answer = JobApiTest.post(gateway, "/v1/jobs", NDJSON, Buffer.buffer(ndjson(2)), "gone")
        .await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(202);
    assertThat(jobs(gateway, "")).hasSize(1).allSatisfy(job -> assertThat(job.getInteger("total")).isEqualTo(2));
  }

  @Test
  @DisplayName("while the gateway drains, a job is refused with 503 draining")
  void draining(Vertx vertx) {
    TestGateway gateway = pendingGateway(vertx, raw -> raw.put("shutdown", new JsonObject().put("drainMs", 5000)));
    gateway.drain();
    HttpResponse<Buffer> answer = gateway.post("/v1/jobs", TestBatches.of(1)).await();
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.bodyAsJsonObject().getString("error")).isEqualTo("draining");
  }

  @Test
  @DisplayName("with auth.apiKeys, the job routes need a key")
  void auth(Vertx vertx) throws IOException {
    TestGateway gateway = pendingGateway(vertx,
        raw -> raw.put("auth", new JsonObject().put("apiKeys", new JsonArray().add("key-one"))));
    assertThat(gateway.get("/v1/jobs").await().statusCode()).isEqualTo(401);
    assertThat(gateway.post("/v1/jobs", TestBatches.of(1)).await().statusCode()).isEqualTo(401);
    assertThat(gateway.get("/v1/jobs/job_x/events").await().statusCode()).isEqualTo(401);
    RawHttp.Answer raw = RawHttp.exchange(gateway.port(), "DELETE /v1/jobs/job_x HTTP/1.1\r\nHost: x\r\n\r\n",
        false, false);
    assertThat(raw.status()).isEqualTo(401);
    HttpResponse<Buffer> allowed = gateway.client().get("/v1/jobs").putHeader("Authorization", "Bearer key-one")
        .send().await();
    assertThat(allowed.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> posted = gateway.client().post("/v1/jobs").putHeader("Authorization", "Bearer key-one")
        .sendJsonObject(TestBatches.of(1)).await();
    assertThat(posted.statusCode()).isEqualTo(202);
  }
}
