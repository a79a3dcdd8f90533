package io.pushgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pushgate.Main;
import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.LogCapture;
import io.pushgate.support.Scrapes;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that goes away mid-request is not a server error: no ERROR line, no 500 in the access log or the refusal
 * counter, a count of its own, and every gauge back where it was. Runs on a Vert.x built as {@link Main} builds it,
 * so that {@code /metrics} shows Vert.x's own HTTP server meters.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("A client that disconnects is counted as such, and leaves no gauge or budget behind")
class ClientClosedTest {

  /** Enough half-sent requests that a gauge stuck by each would show plainly, few enough to stay quick. */
  private static final int CLIENTS = 50;

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Vertx vertx = Main.vertx(registry);
  private final FakeTarget target = new FakeTarget();
  private TestGateway gateway;

  @BeforeEach
  void deploy() {
    vertx.deployVerticle(target).await();
    gateway = TestGateway.start(vertx, TestConfigs.gateway(target.url()), registry).await();
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("half-sent bodies closed by their clients: client_closed counted, no ERROR, active requests back")
  void half_sent_requests_closed_by_the_client() throws Exception {
    try (LogCapture logs = LogCapture.capture()) {
      for (int i = 0; i < CLIENTS; i++) {
        try (Socket socket = connect()) {
          send(socket, "POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "Content-Length: 500\r\n\r\n{\"messages\":[");
        }
      }
      String scrape = Scrapes.until(vertx, gateway, text ->
          Scrapes.value(text, "pushgate_requests_closed_total", "reason=\"client_closed\"") == CLIENTS);
      assertThat(Scrapes.find(scrape, "pushgate_requests_refused_total", "reason=\"internal_error\"")).isNull();
      // The scrape itself is the one request being processed.
      assertThat(Scrapes.sum(scrape, "vertx_http_server_active_requests")).isEqualTo(1);
      assertThat(Scrapes.value(scrape, "pushgate_request_body_bytes_in_flight", "")).isZero();
      assertThat(logs.events()).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
    }
  }

  @Test
  @DisplayName("a client that vanishes while its batch runs: the batch completes, its answer is dropped, counts fall")
  void client_vanishes_while_its_batch_runs() throws Exception {
    target.behave((request, attempt) -> Reply.json(200, "{}").after(300));
    String body = TestBatches.of(5).encode();
    try (LogCapture logs = LogCapture.capture(); Socket socket = connect()) {
      send(socket, "POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body);
      target.receivedAtLeast(1).await(10, TimeUnit.SECONDS);
      socket.close();
      String scrape = Scrapes.until(vertx, gateway, text ->
          Scrapes.value(text, "pushgate_messages_total", "status=\"delivered\",target=\"default\"") == 5
              && Scrapes.value(text, "pushgate_requests_closed_total", "reason=\"client_closed\"") == 1);
      assertThat(Scrapes.value(scrape, "pushgate_messages_in_flight", "target=\"default\"")).isZero();
      assertThat(Scrapes.value(scrape, "pushgate_answer_bytes_unwritten", "")).isZero();
      assertThat(Scrapes.sum(scrape, "vertx_http_server_active_requests")).isEqualTo(1);
      assertThat(logs.events()).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
    }
    assertThat(gateway.post("/v1/push", TestBatches.of(1)).await().statusCode()).as("still serving").isEqualTo(200);
  }

  private Socket connect() throws Exception {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 2000);
    return socket;
  }

  private static void send(Socket socket, String text) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }
}
