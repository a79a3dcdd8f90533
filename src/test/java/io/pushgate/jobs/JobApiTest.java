package io.pushgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("The job API: submit (JSON, NDJSON), idempotency, get, results, list and cancel")
class JobApiTest {

  static final String NDJSON = "application/x-ndjson";

  /**
   * A target that never answers, with attempts long enough that a job's messages stay pending for the test; a short
   * drain, so that closing the test's Vert.x does not wait for them.
   */
  static TestGateway pendingGateway(Vertx vertx, Consumer<JsonObject> tweak) {
    FakeTarget target = new FakeTarget().hang();
    return GatewayFixture.start(vertx, raw -> {
      raw.getJsonObject("targets").getJsonObject("default").put("timeoutMs", 60_000).put("maxAttempts", 1);
      raw.put("shutdown", new JsonObject().put("drainMs", 100));
      tweak.accept(raw);
    }, target);
  }

  static JsonObject json(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject();
  }

  static String ndjson(int lines) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      body.append("{\"user_id\":\"").append(i).append("\",\"message\":\"Hello ").append(i).append("\"}\n");
    }
    return body.toString();
  }

  /** A status and a whole body, read on the event loop as the answer arrives. */
  record Answer(int status, JsonObject body) {
  }

  static Future<Answer> whole(HttpClientResponse response) {
    return response.body().map(body -> new Answer(response.statusCode(), body.toJsonObject()));
  }

  /** Sends {@code body} chunked, {@code chunkBytes} at a time, each write after the one before is flushed. */
  static Future<HttpClientResponse> sendChunked(HttpClient client, int port, String path, String contentType,
                                                Buffer body, int chunkBytes) {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI(path).putHeader("content-type", contentType)).compose(request -> {
          request.setChunked(true);
          Future<HttpClientResponse> response = request.response();
          writeFrom(request, body, 0, chunkBytes);
          return response;
        });
  }

  private static void writeFrom(io.vertx.core.http.HttpClientRequest request, Buffer body, int at, int chunkBytes) {
    if (at >= body.length()) {
      request.end();
      return;
    }
    int end = Math.min(body.length(), at + chunkBytes);
    request.write(body.slice(at, end)).onSuccess(v -> writeFrom(request, body, end, chunkBytes));
  }

  @Test
  @DisplayName("a JSON job is answered 202 with its id, queued, and a Location; GET shows it")
  void json_job_accepted(Vertx vertx) {
    TestGateway gateway = pendingGateway(vertx, raw -> { });
    HttpResponse<Buffer> answer = gateway.post("/v1/jobs", TestBatches.of(3).put("expiresInMs", 60_000)).await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(202);
    JsonObject accepted = json(answer);
    String jobId = accepted.getString("jobId");
    assertThat(jobId).matches("job_[a-z2-7]{20}");
    assertThat(accepted.fieldNames()).containsExactlyInAnyOrder("jobId", "status", "target", "total", "createdAt");
    assertThat(accepted.getString("status")).isEqualTo("queued");
    assertThat(accepted.getString("target")).isEqualTo("default");
    assertThat(accepted.getInteger("total")).isEqualTo(3);
    assertThat(answer.getHeader("Location")).isEqualTo("/v1/jobs/" + jobId);
    HttpResponse<Buffer> got = gateway.get("/v1/jobs/" + jobId).await();
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(json(got).getString("jobId")).isEqualTo(jobId);
    assertThat(json(got).getInteger("total")).isEqualTo(3);
    assertThat(json(got).getString("expiresAt")).isNotNull();
  }

  @Test
  @DisplayName("10,000 NDJSON lines sent in small chunks make one job of 10,000 messages")
  void ndjson_in_small_chunks(Vertx vertx) {
    TestGateway gateway = pendingGateway(vertx, raw -> raw.getJsonObject("targets")
        .put("other", TestConfigs.target("http://127.0.0.1:1/none")));
    HttpClient client = vertx.createHttpClient();
    Buffer body = Buffer.buffer(ndjson(10_000).replace("\n{\"user_id\":\"17\"", "\r\n\n{\"user_id\":\"17\""));
    Answer response = sendChunked(client, gateway.port(), "/v1/jobs?target=default&notify=other",
        NDJSON, body, 1500).compose(JobApiTest::whole).await();
    JsonObject accepted = response.body();
    assertThat(response.status()).as(accepted.encode()).isEqualTo(202);
    assertThat(accepted.getInteger("total")).isEqualTo(10_000);
    JsonObject job = json(gateway.get("/v1/jobs/" + accepted.getString("jobId")).await());
    assertThat(job.getInteger("total")).isEqualTo(10_000);
    assertThat(job.getString("notify")).isEqualTo("other");
  }

  @Test
  @DisplayName("Idempotency-Key: the same body again answers the same job; another body is 409")
  void idempotency(Vertx vertx) {
    TestGateway gateway = pendingGateway(vertx, raw -> { });
    JsonObject body = TestBatches.of(4);
    String first = json(post(gateway, "/v1/jobs", "application/json", body.toBuffer(), "k-1").await())
        .getString("jobId");
    HttpResponse<Buffer> again = post(gateway, "/v1/jobs", "application/json", body.toBuffer(), "k-1").await();
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(json(again).getString("jobId")).isEqualTo(first);
    assertThat(again.getHeader("Location")).isEqualTo("/v1/jobs/" + first);
    assertThat(jobs(gateway, "")).hasSize(1);

    HttpResponse<Buffer> other = post(gateway, "/v1/jobs", "application/json", TestBatches.of(5).toBuffer(), "k-1")
        .await();
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(json(other).getString("error")).isEqualTo("idempotency_conflict");
    assertThat(jobs(gateway, "")).hasSize(1);

    // NDJSON: the query is part of what a retry repeats.
    Buffer lines = Buffer.buffer(ndjson(3));
    String nd = json(post(gateway, "/v1/jobs?target=default", NDJSON, lines, "k-2").await()).getString("jobId");
    assertThat(json(post(gateway, "/v1/jobs?target=default", NDJSON, lines, "k-2").await()).getString("jobId"))
        .isEqualTo(nd);
    assertThat(post(gateway, "/v1/jobs?target=default&expiresInMs=5", NDJSON, lines, "k-2").await().statusCode())
        .isEqualTo(409);
    assertThat(jobs(gateway, "")).hasSize(2);
  }

  @Test
  @DisplayName("an unknown job is 404 for GET, results, events and DELETE")
  void unknown_job(Vertx vertx) {
    TestGateway gateway = pendingGateway(vertx, raw -> { });
    for (String path : List.of("/v1/jobs/job_nope", "/v1/jobs/job_nope/results", "/v1/jobs/job_nope/events",
        "/v1/jobs/%20bad%20")) {
      HttpResponse<Buffer> answer = gateway.get(path).await();
      assertThat(answer.statusCode()).as(path).isEqualTo(404);
      assertThat(json(answer).getString("error")).as(path).isEqualTo("not_found");
    }
    HttpResponse<Buffer> deleted = gateway.delete("/v1/jobs/job_nope").await();
    assertThat(deleted.statusCode()).isEqualTo(404);
    assertThat(json(deleted).getString("error")).isEqualTo("not_found");
  }

  @Test
  @DisplayName("a results page holds at most 8 MiB of answers' room: large push.maxResponseBytes, shorter pages")
  void results_page_bytes_are_bounded(Vertx vertx) {
    // 4 MiB answers: two results per page, whatever limit asks.
    TestGateway gateway = pendingGateway(vertx, raw -> raw.getJsonObject("push").put("maxResponseBytes", 4 << 20));
    String jobId = json(gateway.post("/v1/jobs", TestBatches.of(5)).await()).getString("jobId");
    JsonObject page = json(gateway.get("/v1/jobs/" + jobId + "/results?limit=10").await());
    assertThat(page.getJsonArray("results")).hasSize(2);
    assertThat(page.getInteger("next")).isEqualTo(1);
  }

  @Test
  @DisplayName("results page with after, limit and next, and filter by status")
  void results_paging(Vertx vertx) {
    TestGateway gateway = pendingGateway(vertx, raw -> { });
    String jobId = json(gateway.post("/v1/jobs", TestBatches.of(5)).await()).getString("jobId");
    String base = "/v1/jobs/" + jobId + "/results";
    JsonObject first = json(gateway.get(base + "?limit=2").await());
    assertThat(first.getString("jobId")).isEqualTo(jobId);
    assertThat(first.getJsonArray("results")).hasSize(2);
    assertThat(first.getInteger("next")).isEqualTo(1);
    JsonObject second = json(gateway.get(base + "?after=1&limit=2").await());
    assertThat(second.getJsonArray("results")).hasSize(2);
    assertThat(second.getInteger("next")).isEqualTo(3);
    JsonObject last = json(gateway.get(base + "?after=3&limit=2").await());
    assertThat(last.getJsonArray("results")).hasSize(1);
    assertThat(last.getInteger("next")).isNull();
    JsonObject all = json(gateway.get(base).await());
    assertThat(all.getJsonArray("results")).hasSize(5);
    assertThat(all.getJsonArray("results").getJsonObject(0).getString("status")).isEqualTo("pending");
    assertThat(json(gateway.get(base + "?status=pending").await()).getJsonArray("results")).hasSize(5);
    assertThat(json(gateway.get(base + "?status=delivered").await()).getJsonArray("results")).isEmpty();
  }

  @Test
  @DisplayName("the list is newest first and filters by status; DELETE cancels and answers the job")
  void list_and_cancel(Vertx vertx) {
    TestGateway gateway = pendingGateway(vertx, raw -> { });
    String older = json(gateway.post("/v1/jobs", TestBatches.of(2)).await()).getString("jobId");
    String newer = json(gateway.post("/v1/jobs", TestBatches.of(2)).await()).getString("jobId");
    assertThat(jobs(gateway, "")).extracting(job -> job.getString("jobId")).containsExactly(newer, older);
    assertThat(jobs(gateway, "?limit=1")).extracting(job -> job.getString("jobId")).containsExactly(newer);
    HttpResponse<Buffer> cancelled = gateway.delete("/v1/jobs/" + older).await();
    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(json(cancelled).getString("jobId")).isEqualTo(older);
    assertThat(json(cancelled).getString("status")).isEqualTo("cancelled");
    assertThat(jobs(gateway, "?status=cancelled")).extracting(job -> job.getString("jobId")).containsExactly(older);
    assertThat(jobs(gateway, "?status=completed")).isEmpty();
  }

  @Test
  @DisplayName("a body that arrives slowly but steadily is accepted past http.requestReadTimeoutMs; one that stalls is 408")
  void read_timeout_between_chunks(Vertx vertx) {
    TestGateway gateway = pendingGateway(vertx, raw -> raw.getJsonObject("http").put("requestReadTimeoutMs", 400));
    HttpClient client = vertx.createHttpClient();
    // 10 chunks, 100 ms apart: a second in all, each gap well inside the 400 ms.
    Answer slow = client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(gateway.port()).setURI("/v1/jobs").putHeader("content-type", NDJSON)).compose(request -> {
          request.setChunked(true);
          Future<HttpClientResponse> response = request.response();
          drip(vertx, request, 10);
          return response;
        }).compose(JobApiTest::whole).await();
    assertThat(slow.status()).isEqualTo(202);
    assertThat(slow.body().getInteger("total")).isEqualTo(10);

    Answer stalled = client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(gateway.port()).setURI("/v1/jobs").putHeader("content-type", NDJSON)).compose(request -> {
          request.setChunked(true);
          request.write(ndjson(2));
          return request.response();
        }).compose(JobApiTest::whole).await();
    assertThat(stalled.status()).isEqualTo(408);
    assertThat(stalled.body().getString("error")).isEqualTo("request_timeout");
    assertThat(jobs(gateway, "")).hasSize(1);
  }

  private static void drip(Vertx vertx, io.vertx.core.http.HttpClientRequest request, int left) {
    if (left == 0) {
      request.end();
      return;
    }
    request.write(ndjson(1));
    vertx.setTimer(100, id -> drip(vertx, request, left - 1));
  }

  static Future<HttpResponse<Buffer>> post(TestGateway gateway, String path, String contentType, Buffer body,
                                           String key) {
    var request = gateway.client().post(path).putHeader("content-type", contentType);
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return request.sendBuffer(body);
  }

  static List<JsonObject> jobs(TestGateway gateway, String query) {
    HttpResponse<Buffer> answer = gateway.get("/v1/jobs" + query).await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    JsonArray jobs = json(answer).getJsonArray("jobs");
    List<JsonObject> list = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      list.add(jobs.getJsonObject(i));
    }
    return list;
  }
}
