package io.pushgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.RawHttp;
import io.pushgate.support.Scrapes;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestGateway;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that try to hold the gateway's memory, connections or shutdown: each is bounded by a limit, shortened here
 * by config so that the tests stay quick, and the gateway keeps serving.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("No client can hold the gateway's memory, connections or shutdown")
class HostileClientTest {

  private static final String HEAD = "POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
  /** How long a test waits on a socket for what the gateway must do well within it. */
  private static final int SOCKET_WAIT_MS = 5_000;

  private final FakeTarget target = new FakeTarget();
  private final List<Socket> sockets = new ArrayList<>();
  private TestGateway gateway;

  @AfterEach
  void closeSockets() throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private void start(Vertx vertx, Consumer<JsonObject> http) {
    gateway = GatewayFixture.start(vertx, raw -> http.accept(raw.getJsonObject("http")), target);
  }

  @Test
  @DisplayName("half a request head, then silence: the connection is closed after http.requestReadTimeoutMs")
  void half_sent_head_is_closed(Vertx vertx) throws Exception {
    start(vertx, http -> http.put("requestReadTimeoutMs", 300));
    Socket socket = connect();
    send(socket, "POST /v1/push HTTP/1.1\r\nHost: 127.");
    assertThat(readToEnd(socket)).as("closed, nothing answered").isEmpty();
  }

  @Test
  @DisplayName("a body dripped a byte at a time is cut with 408 request_timeout, and its budget comes back")
  void dripping_body_is_cut(Vertx vertx) throws Exception {
    start(vertx, http -> http.put("requestReadTimeoutMs", 300));
    Promise<Void> closed = Promise.promise();
    Buffer answer = Buffer.buffer();
    NetSocket socket = vertx.createNetClient().connect(gateway.port(), "127.0.0.1").await();
    socket.handler(answer::appendBuffer).closeHandler(v -> closed.complete());
    socket.write(HEAD + "Content-Length: 100000\r\n\r\n{\"messages\":[");
    long drip = vertx.setPeriodic(10, id -> socket.write("{},"));
    closed.future().await(SOCKET_WAIT_MS, TimeUnit.MILLISECONDS);
    vertx.cancelTimer(drip);
    assertThat(answer.toString()).startsWith("HTTP/1.1 408").contains("request_timeout");
    Scrapes.until(vertx, gateway, scrape -> Scrapes.value(scrape, "pushgate_request_body_bytes_in_flight", "") == 0);
  }

  @Test
  @DisplayName("bodies past http.maxBodyBytesInFlight are refused with 429 before they are read; the budget returns")
  void body_budget(Vertx vertx) throws Exception {
    start(vertx, http -> http.put("maxBodyBytes", 60_000).put("maxBodyBytesInFlight", 120_000));
    // Two heads announcing 60,000 bytes each fill the budget; 100-continue says each was admitted.
    for (int i = 0; i < 2; i++) {
      Socket holder = connect();
      send(holder, HEAD + "Content-Length: 60000\r\nExpect: 100-continue\r\n\r\n");
      assertThat(readLine(holder)).startsWith("HTTP/1.1 100");
    }
    RawHttp.Answer refused = RawHttp.exchange(gateway.port(), HEAD + "Content-Length: 1000\r\n\r\n", false, false);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    assertThat(refused.json().getString("error")).isEqualTo("overloaded");
    RawHttp.Answer chunked = RawHttp.exchange(gateway.port(), HEAD + "Transfer-Encoding: chunked\r\n\r\n"
        + "400\r\n" + "x".repeat(1024) + "\r\n", false, false);
    assertThat(chunked.status()).as("a chunked body takes budget as it comes").isEqualTo(429);
    for (Socket holder : sockets) {
      holder.close();
    }
    Scrapes.until(vertx, gateway, scrape -> Scrapes.value(scrape, "pushgate_request_body_bytes_in_flight", "") == 0);
    assertThat(gateway.post("/v1/push", TestBatches.of(1)).await().statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("past http.maxConnections a few connections serve only probes; past those, connections are closed")
  void connection_cap(Vertx vertx) throws Exception {
    int max = 50;
    start(vertx, http -> http.put("maxConnections", max));
    // max + the reserve + 1 connections: 59, far below any descriptor limit, enough to cross both bounds.
    for (int i = 0; i < max + ConnectionLimit.PROBE_RESERVE; i++) {
      Socket socket = connect();
      send(socket, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(readLine(socket)).as("connection %d", i + 1).startsWith("HTTP/1.1 200");
    }
    Socket beyond = connect();
    send(beyond, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assertThat(readToEnd(beyond)).as("past the reserve: closed, nothing answered").isEmpty();
    Socket probeOnly = sockets.get(max);
    send(probeOnly, HEAD + "Content-Length: 2\r\n\r\n{}");
    assertThat(readToEnd(probeOnly)).contains("HTTP/1.1 503", "\"error\":\"unavailable\"", "http.maxConnections");
  }

  @Test
  @DisplayName("a drain does not wait for a client still dripping its body: it ends with nothing in flight")
  void drain_ignores_a_dripping_client(Vertx vertx) throws Exception {
    start(vertx, http -> http.put("requestReadTimeoutMs", 20_000));
    Socket dripping = connect();
    send(dripping, HEAD + "Content-Length: 1000\r\nExpect: 100-continue\r\n\r\n{\"messages\":[");
    assertThat(readLine(dripping)).as("its head is in, its body being read").startsWith("HTTP/1.1 100");
    // With shutdown.drainMs at its default of 30 s, only a drain that ignores the dripping client ends in time.
    gateway.drain().await(5, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a client that does not read its large answer pins at most the answer budget, and is cut off")
  void answer_not_read(Vertx vertx) throws Exception {
    target.behave((request, attempt) -> Reply.json(200, "{\"pad\":\"" + "p".repeat(4000) + "\"}"));
    start(vertx, http -> http.put("maxAnswerBytesInFlight", 1_000_000).put("answerWriteTimeoutMs", 500));
    String body = TestBatches.of(2000).encode();
    Socket reader = new Socket();
    reader.setReceiveBufferSize(4096);
    reader.connect(new InetSocketAddress("127.0.0.1", gateway.port()), SOCKET_WAIT_MS);
    sockets.add(reader);
    send(reader, HEAD + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    Scrapes.until(vertx, gateway, scrape -> Scrapes.value(scrape, "pushgate_answer_bytes_unwritten", "") > 0);
    HttpResponse<Buffer> refused = gateway.post("/v1/push", TestBatches.of(1)).await();
    assertThat(refused.statusCode()).as("answers past the budget: new batches wait").isEqualTo(429);
    Scrapes.until(vertx, gateway, scrape -> Scrapes.value(scrape, "pushgate_answer_bytes_unwritten", "") == 0
        && Scrapes.value(scrape, "pushgate_requests_closed_total", "reason=\"answer_write_timeout\"") == 1);
    assertThat(gateway.post("/v1/push", TestBatches.of(1)).await().statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a large answer read by its client arrives whole, in pieces, as the same JSON")
  void large_answer_streams(Vertx vertx) {
    target.behave((request, attempt) -> Reply.json(200, "{\"pad\":\"" + "p".repeat(4000) + "\"}"));
    start(vertx, http -> { });
    HttpResponse<Buffer> answer = gateway.post("/v1/push", TestBatches.of(500)).await();
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.getHeader("transfer-encoding")).isEqualTo("chunked");
    JsonObject summary = answer.bodyAsJsonObject();
    assertThat(summary.getInteger("delivered")).isEqualTo(500);
    assertThat(summary.getJsonArray("results").getJsonObject(499).getJsonObject("response").getString("pad"))
        .hasSize(4000);
  }

  private Socket connect() throws Exception {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), SOCKET_WAIT_MS);
    socket.setSoTimeout(SOCKET_WAIT_MS);
    sockets.add(socket);
    return socket;
  }

  private static void send(Socket socket, String text) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** The first line the gateway sends. */
  private static String readLine(Socket socket) throws Exception {
    StringBuilder line = new StringBuilder();
    InputStream in = socket.getInputStream();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString();
  }

  /** Everything until the gateway closes the connection; fails if it stays open past {@link #SOCKET_WAIT_MS}. */
  private static String readToEnd(Socket socket) throws Exception {
    try {
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (SocketTimeoutException open) {
      throw new AssertionError("the gateway kept the connection open", open);
    } catch (java.net.SocketException reset) {
      return "";
    }
  }
}
