package io.pushgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 15, unit = TimeUnit.SECONDS)
@DisplayName("POST /v1/push/{target} answers with the target's own status and body")
class RelayRouteTest {

  private final FakeTarget target = new FakeTarget();
  private final FakeTarget silent = new FakeTarget().hang();
  private TestGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.start(vertx, raw -> TestConfigs.addTroubledTargets(raw, silent.url()), target, silent);
  }

  @Test
  @DisplayName("a one-message-per-POST client works by changing only its URL")
  void plain_pusher_client_works_unchanged() {
    target.answerBy(request -> Reply.json(201, "{\"id\":" + request.body().toJsonObject().getString("user_id") + "}"));
    List<Future<HttpResponse<Buffer>>> calls = IntStream.range(0, 20).mapToObj(i -> gateway
        .post("/v1/push/default", new JsonObject().put("user_id", String.valueOf(i)).put("message", "Hello")))
        .toList();
    Future.all(calls).await();
    for (int i = 0; i < calls.size(); i++) {
      HttpResponse<Buffer> response = calls.get(i).result();
      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(response.getHeader("content-type")).isEqualTo("application/json");
      assertThat(response.getHeader("Pushgate-Attempts")).isEqualTo("1");
      assertThat(response.getHeader("Pushgate-Request-Id")).isNotBlank();
      assertThat(response.bodyAsJsonObject().getInteger("id")).isEqualTo(i);
    }
    assertThat(target.requests()).isEqualTo(20);
    assertThat(target.received()).allMatch(r -> r.body().toJsonObject().getString("message").equals("Hello"));
  }

  @Test
  @DisplayName("a target's refusal comes back as it was: status, text body, one attempt")
  void refusal_passes_through() {
    target.answerBy(request -> Reply.text(422, "bad token"));
    HttpResponse<Buffer> response = gateway.post("/v1/push/default", new JsonObject().put("user_id", "1")).await();
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.getHeader("content-type")).startsWith("text/plain");
    assertThat(response.bodyAsString()).isEqualTo("bad token");
    assertThat(response.getHeader("Pushgate-Attempts")).isEqualTo("1");
  }

  @Test
  @DisplayName("the body is forwarded byte for byte")
  void body_is_forwarded_verbatim() {
    String body = "{ \"user_id\" : \"1\",\n \"message\":\"H\u00e9llo\" }";
    HttpResponse<Buffer> response = gateway
        .postRaw("/v1/push/default", Buffer.buffer(body, "UTF-8"), "application/json").await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(target.received().get(0).body().toString("UTF-8")).isEqualTo(body);
  }

  @Test
  @DisplayName("retries are invisible to the client but counted in Pushgate-Attempts")
  void retried_then_answered() {
    target.failFirst(2, 500);
    HttpResponse<Buffer> response = gateway.post("/v1/push/default", new JsonObject().put("user_id", "1")).await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Pushgate-Attempts")).isEqualTo("3");
  }

  @Test
  @DisplayName("a target that cannot be reached: 502 with a JSON error")
  void unreachable_target_is_502() {
    HttpResponse<Buffer> response = gateway.post("/v1/push/closed", new JsonObject().put("user_id", "1")).await();
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("upstream_unreachable");
    assertThat(response.getHeader("Pushgate-Attempts")).isEqualTo("3");
  }

  @Test
  @DisplayName("a target that never answers: 504 with a JSON error")
  void silent_target_is_504() {
    HttpResponse<Buffer> response = gateway.post("/v1/push/silent", new JsonObject().put("user_id", "1")).await();
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("upstream_timeout");
    assertThat(response.getHeader("Pushgate-Attempts")).isEqualTo("2");
    assertThat(silent.requests()).isEqualTo(2);
  }
}
