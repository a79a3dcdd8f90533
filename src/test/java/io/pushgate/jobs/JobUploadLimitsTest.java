package io.pushgate.jobs;

import static io.pushgate.jobs.JobApiTest.NDJSON;
import static io.pushgate.jobs.JobApiTest.ndjson;
import static io.pushgate.jobs.JobApiTest.pendingGateway;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.api.ClientLimits;
import io.pushgate.support.Scrapes;
import io.pushgate.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("Job uploads hold what they buffer against http.maxBodyBytesInFlight; a node reads a bounded number")
class JobUploadLimitsTest {

  private static final String IN_FLIGHT = "pushgate_request_body_bytes_in_flight";

  /** An NDJSON line begun and not ended: {@code bytes} long, it stays in the parser until its line feed comes. */
  private static String partialLine(int bytes) {
    String head = "{\"user_id\":\"slow\",\"message\":\"";
    return head + "x".repeat(bytes - head.length());
  }

  /** What ends {@link #partialLine}. */
  private static final String LINE_END = "\"}\n";

  /** Opens a chunked NDJSON upload and sends {@code first}, without ending the body. */
  private static HttpClientRequest upload(HttpClient client, int port, String first) {
    HttpClientRequest request = client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(port).setURI("/v1/jobs").putHeader("content-type", NDJSON)).await();
    // Uploads a test leaves open are cut when its Vert.x closes: expected, not worth an error in the log.
    request.setChunked(true).exceptionHandler(cut -> { });
    request.write(first).await();
    return request;
  }

  /** Waits until the node's body budget shows {@code bytes} taken (at least, when {@code atLeast}). */
  private static void awaitInFlight(Vertx vertx, TestGateway gateway, long bytes, boolean atLeast) {
    Scrapes.until(vertx, gateway, scrape -> {
      double used = Scrapes.value(scrape, IN_FLIGHT, "");
      return atLeast ? used >= bytes : used == bytes;
    });
  }

  private static void assertOverloaded(HttpResponse<Buffer> answer) {
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(429);
    assertThat(answer.bodyAsJsonObject().getString("error")).isEqualTo("overloaded");
  }

  @Test
  @DisplayName("while one upload holds the budget, another is refused 429; once it ends, the budget is back")
  void uploads_share_the_body_budget(Vertx vertx) {
    TestGateway gateway = pendingGateway(vertx, raw -> raw.getJsonObject("http")
        .put("maxBodyBytes", 3000).put("maxBodyBytesInFlight", 3000));
    HttpClient client = vertx.createHttpClient();
    HttpClientRequest first = upload(client, gateway.port(), partialLine(2500));
    awaitInFlight(vertx, gateway, 2500, true);

    Buffer lines = Buffer.buffer(ndjson(25));
    assertThat(lines.length()).isGreaterThan(500);
    assertOverloaded(JobApiTest.post(gateway, "/v1/jobs", NDJSON, lines, null).await());

    first.end(LINE_END).await();
    JobApiTest.Answer accepted = first.response().compose(JobApiTest::whole).await();
    assertThat(accepted.status()).as(accepted.body().encode()).isEqualTo(202);
    assertThat(accepted.body().getInteger("total")).isEqualTo(1);
    awaitInFlight(vertx, gateway, 0, false);

    HttpResponse<Buffer> next = JobApiTest.post(gateway, "/v1/jobs", NDJSON, lines, null).await();
    assertThat(next.statusCode()).as(next.bodyAsString()).isEqualTo(202);
    awaitInFlight(vertx, gateway, 0, false);
  }

  @Test
  @DisplayName("a client that goes away mid-upload gives its bytes back, and leaves nothing in the store")
  void abandoned_upload_gives_its_bytes_back(Vertx vertx) {
    AtomicReference<StoreRows> store = new AtomicReference<>();
    TestGateway gateway = pendingGateway(vertx, raw -> {
      store.set(StoreRows.of(raw));
      raw.getJsonObject("http").put("maxBodyBytes", 3000).put("maxBodyBytesInFlight", 3000);
    });
    NetSocket socket = vertx.createNetClient().connect(gateway.port(), "127.0.0.1").await();
    String body = ndjson(10) + partialLine(2000);
    socket.write("POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: " + NDJSON + "\r\nContent-Length: 100000\r\n\r\n"
        + body).await();
    // The ten whole lines wait in the intake's batch (without their line feeds), the partial one in the parser.
    awaitInFlight(vertx, gateway, body.length() - 10, false);
    socket.close().await();
    awaitInFlight(vertx, gateway, 0, false);
    store.get().awaitEmpty(vertx, "the abandoned intake deleted");
    HttpResponse<Buffer> next = JobApiTest.post(gateway, "/v1/jobs", NDJSON, Buffer.buffer(ndjson(2)), null)
        .await();
    assertThat(next.statusCode()).as(next.bodyAsString()).isEqualTo(202);
  }

  @Test
  @DisplayName("a job larger than the body budget is accepted: its batches go to the store early")
  void job_larger_than_the_budget(Vertx vertx) {
    TestGateway gateway = pendingGateway(vertx, raw -> raw.getJsonObject("http")
        .put("maxBodyBytes", 4096).put("maxBodyBytesInFlight", 16_384));
    Buffer body = Buffer.buffer(ndjson(2000));
    assertThat(body.length()).isGreaterThan(4 * 16_384);
    JobApiTest.Answer accepted = JobApiTest.sendChunked(vertx.createHttpClient(), gateway.port(), "/v1/jobs", NDJSON,
        body, 1000).compose(JobApiTest::whole).await();
    assertThat(accepted.status()).as(accepted.body().encode()).isEqualTo(202);
    assertThat(accepted.body().getInteger("total")).isEqualTo(2000);
    awaitInFlight(vertx, gateway, 0, false);
  }

  @Test
  @DisplayName("past ClientLimits.MAX_JOB_UPLOADS uploads at once, the next is refused 429 before its body is read")
  void uploads_are_capped(Vertx vertx) {
    TestGateway gateway = pendingGateway(vertx, raw -> { });
    HttpClient client = vertx.createHttpClient(new HttpClientOptions(),
        new PoolOptions().setHttp1MaxSize(ClientLimits.MAX_JOB_UPLOADS + 10));
    List<HttpClientRequest> open = new ArrayList<>();
    for (int i = 0; i < ClientLimits.MAX_JOB_UPLOADS; i++) {
      open.add(upload(client, gateway.port(), partialLine(100)));
    }
    // Every upload is being read once the budget shows each one's partial line.
    awaitInFlight(vertx, gateway, 100L * ClientLimits.MAX_JOB_UPLOADS, false);
    HttpResponse<Buffer> refused = JobApiTest.post(gateway, "/v1/jobs", NDJSON, Buffer.buffer(ndjson(1)), null)
        .await();
    assertOverloaded(refused);
    assertThat(refused.bodyAsJsonObject().getString("message")).contains("job uploads");

    HttpClientRequest first = open.get(0);
    first.end(LINE_END).await();
    assertThat(first.response().await().statusCode()).isEqualTo(202);
    HttpResponse<Buffer> next = JobApiTest.post(gateway, "/v1/jobs", NDJSON, Buffer.buffer(ndjson(1)), null).await();
    assertThat(next.statusCode()).as(next.bodyAsString()).isEqualTo(202);
  }
}
