package io.pushgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.LogCapture;
import io.pushgate.support.RawHttp;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Throws random and mutated requests at the API: every answer must be a 2xx, or a 4xx with the JSON error shape;
 * never a 5xx; and the gateway must keep serving. Seeded, so a failure can be replayed. Then hand-framed requests
 * over a plain socket, which no HTTP client would send: bad chunk sizes, cut-short bodies, odd header framing.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
@DisplayName("Random and mutated requests never get a 5xx")
class FuzzTest {

  private static final int REQUESTS = 3000;
  private static final int CONCURRENCY = 8;
  private static final long SEED = 20261125L;
  private static final HttpMethod[] METHODS = {HttpMethod.POST, HttpMethod.POST, HttpMethod.POST, HttpMethod.GET,
      HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS, HttpMethod.HEAD};
  private static final String[] PATHS = {"/v1/push", "/v1/push", "/v1/push/default", "/v1/push/nope", "/v1/targets",
      "/v1/push/%zz", "/v1//push", "/v1/push/default/extra", "/metrics", "/health/ready", "/v1/push?x=%",
      "/v1/push/" + "a".repeat(3000), "/%2e%2e/%2e%2e/etc/passwd", "/v1/push/\u00e9"};
  private static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/json",
      "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
      "application/json;;;", "*/*", null};

  private TestGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    FakeTarget target = new FakeTarget();
    vertx.deployVerticle(target)
        .compose(id -> {
          JsonObject raw = TestConfigs.raw(target.url());
          raw.getJsonObject("http").put("maxBodyBytes", 65_536);
          raw.getJsonObject("push").put("maxBatch", 50);
          return TestGateway.start(vertx, TestConfigs.build(raw));
        })
        .onComplete(ctx.succeeding(started -> {
          gateway = started;
          ctx.completeNow();
        }));
  }

  @Test
  @DisplayName("thousands of random bodies, headers and paths: 2xx or a JSON 4xx, and still serving")
  void never_a_5xx(VertxTestContext ctx) {
    Random random = new Random(SEED);
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < CONCURRENCY; lane++) {
      Future<Void> chain = Future.succeededFuture();
      for (int i = lane; i < REQUESTS; i += CONCURRENCY) {
        int number = i;
        FuzzRequest request = FuzzRequest.random(random);
        chain = chain.compose(v -> send(request).map(response -> {
          ctx.verify(() -> check(number, request, response));
          return null;
        }));
      }
      lanes.add(chain);
    }
    Future.all(lanes)
        .compose(all -> gateway.post("/v1/push", new JsonObject().put("messages",
            new JsonArray().add(new JsonObject().put("user_id", "1")))))
        .onComplete(ctx.succeeding(last -> ctx.verify(() -> {
          assertThat(last.statusCode()).as("still serving").isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rawCases")
  @DisplayName("hand-framed requests: a 4xx or no answer, never a 5xx, no ERROR line, and still serving")
  void raw_framing_is_never_a_5xx(RawCase raw) throws Exception {
    RawHttp.Answer answer;
    try (LogCapture logs = LogCapture.capture().debug(ErrorResponses.class, BodyReader.class)) {
      answer = RawHttp.exchange(gateway.port(), raw.request(), raw.halfClose(), raw.reset());
      if (raw.unreadable()) {
        // The line of the failure handler, or of the body reader when the client went away (DEBUG when fixed):
        // waiting for it sees everything they log.
        assertThat(logs.await(event -> event.getLoggerName().equals(ErrorResponses.class.getName())
            || event.getLoggerName().equals(BodyReader.class.getName()), 5))
            .as("%s: the failure handler or the body reader saw it", raw.name()).isTrue();
      }
      List<ILoggingEvent> events = logs.events();
      assertThat(events).as("%s: no ERROR line", raw.name())
          .noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
      assertThat(events).as("%s: no stack trace", raw.name())
          .noneMatch(event -> event.getThrowableProxy() != null && event.getLevel().isGreaterOrEqual(Level.INFO));
    }
    String what = raw.name() + ", answered:\n" + answer.raw();
    if (answer.answered()) {
      assertThat(answer.status()).as(what).isLessThan(500);
      assertThat(raw.allowed()).as(what).contains(answer.status() < 300 ? "2xx" : "4xx");
      if (answer.status() >= 400 && "application/json".equals(answer.header("content-type"))) {
        JsonObject error = answer.json();
        assertThat(error.getString("error")).as(what).isEqualTo("invalid_request");
        assertThat(error.getString("message")).as(what).isNotBlank();
        assertThat(error.getString("requestId")).as(what).isNotBlank();
      } else if (answer.status() >= 400) {
        // Only Vert.x's own answer to a request head it could not decode comes without our JSON: 400, 414 or 431.
        assertThat(answer.status()).as(what).isIn(400, 414, 431);
        assertThat(answer.body()).as(what).isEmpty();
      }
    } else {
      assertThat(raw.allowed()).as(what).contains("none");
    }
    assertThat(gateway.get("/health/live").await(5, TimeUnit.SECONDS).statusCode()).as("still serving")
        .isEqualTo(200);
  }

  /**
   * One hand-framed request: {@code allowed} lists the acceptable outcomes ({@code 2xx}, {@code 4xx}, {@code none}
   * for a connection closed without an answer); {@code unreadable} when the body cannot be read, so the router's
   * failure handler gets the failure.
   */
  record RawCase(String name, String request, boolean halfClose, boolean reset, boolean unreadable,
                 String... allowed) {

    @Override
    public String toString() {
      return name;
    }
  }

  private static final String BODY = "{\"messages\":[{\"user_id\":\"1\"}]}";
  private static final String HEAD = "POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
      + "Content-Type: application/json\r\n";
  private static final String CHUNKED = HEAD + "Transfer-Encoding: chunked\r\n\r\n";
  private static final String CHUNK = Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n";

  static Stream<RawCase> rawCases() {
    String sized = HEAD + "Content-Length: " + BODY.length() + "\r\n";
    return Stream.of(
        new RawCase("chunk size zz", CHUNKED + "zz\r\n" + BODY + "\r\n0\r\n\r\n", false, false, true, "4xx", "none"),
        new RawCase("chunk size -1", CHUNKED + "-1\r\n" + BODY + "\r\n0\r\n\r\n", false, false, true, "4xx", "none"),
        new RawCase("chunk size huge hex", CHUNKED + "ffffffffffffffffff\r\n" + BODY + "\r\n0\r\n\r\n", false, false,
            true, "4xx", "none"),
        new RawCase("chunk size line too long", CHUNKED + "1e;" + "x".repeat(10_000) + "\r\n" + BODY
            + "\r\n0\r\n\r\n", false, false, true, "4xx", "none"),
        new RawCase("chunk extension garbage", CHUNKED + Integer.toHexString(BODY.length()) + ";\u0001=\"\"\";;\r\n"
            + BODY + "\r\n0\r\n\r\n", false, false, false, "2xx", "4xx", "none"),
        new RawCase("chunk data without CRLF", CHUNKED + Integer.toHexString(BODY.length()) + "\r\n" + BODY
            + "XX0\r\n\r\n", false, false, true, "4xx", "none"),
        new RawCase("trailer without colon", CHUNKED + CHUNK + "0\r\nnot a header\r\n\r\n", false, false, true,
            "4xx", "none"),
        new RawCase("trailer too large", CHUNKED + CHUNK + "0\r\nX-Big: " + "y".repeat(20_000) + "\r\n\r\n", false,
            false, true, "4xx", "none"),
        new RawCase("chunked body cut short, then half-close", CHUNKED + "100\r\n" + BODY, true, false, true, "none"),
        new RawCase("Content-Length larger than the body, then half-close",
            HEAD + "Content-Length: 500\r\n\r\n" + BODY, true, false, true, "none"),
        new RawCase("Content-Length larger than the body, then reset",
            HEAD + "Content-Length: 500\r\n\r\n" + BODY, false, true, true, "none"),
        new RawCase("bare LF line ends", (sized + "\r\n").replace("\r\n", "\n") + BODY, false, false, false,
            "2xx", "4xx"),
        new RawCase("header without colon", HEAD + "NoColonHere\r\n" + "Content-Length: " + BODY.length()
            + "\r\n\r\n" + BODY, false, false, false, "4xx"),
        new RawCase("obs-fold continuation line", HEAD + "X-Folded: a\r\n  b\r\nContent-Length: " + BODY.length()
            + "\r\n\r\n" + BODY, false, false, false, "2xx", "4xx"),
        new RawCase("obs-fold right after the request line", "POST /v1/push HTTP/1.1\r\n  folded\r\n"
            + sized.substring(sized.indexOf("Host")) + "\r\n" + BODY, false, false, false, "4xx"),
        new RawCase("duplicate Content-Length", sized + "Content-Length: 5\r\n\r\n" + BODY, false, false, false,
            "4xx"),
        new RawCase("Content-Length and Transfer-Encoding", HEAD + "Content-Length: 5\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n" + CHUNK + "0\r\n\r\n", false, false, false, "2xx", "4xx"),
        new RawCase("Content-Length not a number", HEAD + "Content-Length: abc\r\n\r\n" + BODY, false, false, false,
            "4xx"),
        new RawCase("header too large", HEAD + "X-Big: " + "z".repeat(20_000) + "\r\n\r\n", false, false, false,
            "4xx"),
        new RawCase("request line too long", "POST /v1/push" + "a".repeat(10_000) + " HTTP/1.1\r\n\r\n", false,
            false, false, "4xx"),
        new RawCase("GET with a bad chunk size", "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Connection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, false, false, "2xx", "4xx",
            "none"));
  }

  private Future<HttpResponse<Buffer>> send(FuzzRequest fuzz) {
    HttpRequest<Buffer> request = gateway.client().request(fuzz.method(), fuzz.path());
    if (fuzz.contentType() != null) {
      request.putHeader("content-type", fuzz.contentType());
    }
    fuzz.headers().forEach(header -> request.putHeader(header[0], header[1]));
    return fuzz.body() == null ? request.send() : request.sendBuffer(fuzz.body());
  }

  private static void check(int number, FuzzRequest request, HttpResponse<Buffer> response) {
    String what = "request " + number + " (seed " + SEED + "): " + request.describe();
    assertThat(response.statusCode()).as(what).isLessThan(500);
    if (response.statusCode() >= 400 && request.method() != HttpMethod.HEAD) {
      assertThat(response.getHeader("content-type")).as(what).isEqualTo("application/json");
      JsonObject error = response.bodyAsJsonObject();
      assertThat(error.getString("error")).as(what).matches("[a-z_]+");
      assertThat(error.getString("message")).as(what).isNotBlank();
      assertThat(error.getString("requestId")).as(what).isNotBlank();
    }
  }

  /** One generated request. */
  record FuzzRequest(HttpMethod method, String path, String contentType, List<String[]> headers, Buffer body) {

    static FuzzRequest random(Random random) {
      List<String[]> headers = new ArrayList<>();
      if (random.nextInt(4) == 0) {
        headers.add(new String[] {"X-Request-Id", headerText(random, random.nextInt(200))});
      }
      if (random.nextInt(6) == 0) {
        headers.add(new String[] {"X-Fuzz-" + random.nextInt(1000), headerText(random, 50)});
      }
      if (random.nextInt(8) == 0) {
        headers.add(new String[] {"Authorization", "Bearer " + headerText(random, 20)});
      }
      return new FuzzRequest(METHODS[random.nextInt(METHODS.length)], PATHS[random.nextInt(PATHS.length)],
          CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)], headers, randomBody(random));
    }

    String describe() {
      String shown = body == null ? "(none)" : body.length() > 200 ? body.getString(0, 200) + "..." : body.toString();
      return method + " " + (path.length() > 80 ? path.substring(0, 80) + "..." : path) + " type=" + contentType
          + " body=" + shown;
    }

    private static Buffer randomBody(Random random) {
      return switch (random.nextInt(9)) {
        case 0 -> null;
        case 1 -> Buffer.buffer(validBatch(random).encode());
        case 2 -> mutate(random, validBatch(random).encode().getBytes());
        case 3 -> randomBytes(random, random.nextInt(2000));
        case 4 -> Buffer.buffer("[".repeat(random.nextInt(3000)) + "]".repeat(random.nextInt(3000)));
        case 5 -> Buffer.buffer("{\"messages\":[" + "{\"a\":".repeat(1500) + "1" + "}".repeat(1500) + "]}");
        case 6 -> Buffer.buffer(randomJsonValue(random, 0).toString());
        case 7 -> Buffer.buffer("{\"messages\":[{}],\"timeoutMs\":" + randomNumber(random) + "}");
        default -> Buffer.buffer(validBatch(random).put("target", randomText(random, 10)).encode());
      };
    }

    private static JsonObject validBatch(Random random) {
      JsonArray messages = new JsonArray();
      int size = 1 + random.nextInt(random.nextInt(10) == 0 ? 80 : 5);
      for (int i = 0; i < size; i++) {
        messages.add(new JsonObject().put("user_id", String.valueOf(i)).put("message", randomText(random, 30)));
      }
      return new JsonObject().put("messages", messages);
    }

    private static Buffer mutate(Random random, byte[] bytes) {
      int mutations = 1 + random.nextInt(5);
      for (int m = 0; m < mutations && bytes.length > 0; m++) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      int length = random.nextBoolean() ? bytes.length : random.nextInt(bytes.length + 1);
      return Buffer.buffer().appendBytes(bytes, 0, length);
    }

    private static Buffer randomBytes(Random random, int length) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      return Buffer.buffer(bytes);
    }

    private static Object randomJsonValue(Random random, int depth) {
      return switch (depth > 4 ? random.nextInt(4) : random.nextInt(6)) {
        case 0 -> randomNumber(random);
        case 1 -> "\"" + randomText(random, 10).replace("\\", "").replace("\"", "") + "\"";
        case 2 -> random.nextBoolean();
        case 3 -> "null";
        case 4 -> "[" + randomJsonValue(random, depth + 1) + "," + randomJsonValue(random, depth + 1) + "]";
        default -> "{\"messages\":" + randomJsonValue(random, depth + 1) + "}";
      };
    }

    private static String randomNumber(Random random) {
      return switch (random.nextInt(5)) {
        case 0 -> String.valueOf(random.nextLong());
        case 1 -> "1e" + random.nextInt(400);
        case 2 -> "-" + random.nextInt(100);
        case 3 -> "9".repeat(1 + random.nextInt(60));
        default -> random.nextDouble() + "";
      };
    }

    /** Visible ASCII: what an HTTP client lets through in a header value. */
    private static String headerText(Random random, int length) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < length; i++) {
        text.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
      }
      return text.toString();
    }

    private static String randomText(Random random, int length) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < length; i++) {
        text.append((char) (0x20 + random.nextInt(random.nextInt(8) == 0 ? 0x2000 : 0x5f)));
      }
      return text.toString();
    }
  }
}
