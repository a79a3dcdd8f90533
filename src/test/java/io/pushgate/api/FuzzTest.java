package io.pushgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Throws random and mutated requests at the API: every answer must be a 2xx, or a 4xx with the JSON error shape;
 * never a 5xx; and the gateway must keep serving. Seeded, so a failure can be replayed.
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
