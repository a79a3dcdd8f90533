package io.pushgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 15, unit = TimeUnit.SECONDS)
@DisplayName("GET /metrics counts exactly what happened, in Prometheus text")
class MetricsEndpointTest {

  private final FakeTarget target = new FakeTarget();
  private TestGateway gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.start(vertx, target);
  }

  /** The value of the sample {@code name{labels...}}, the labels given in the registry's (alphabetical) order. */
  static double sample(String scrape, String name, String labels) {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$")
        .matcher(scrape);
    assertThat(matcher.find()).as(name + "{" + labels + "} in\n" + scrape).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  @Test
  @DisplayName("a known batch moves the message, attempt, latency and refusal meters by exactly its amounts")
  void counters_move_by_the_batch() {
    target.behave((request, attempt) -> {
      JsonObject body = request.body().toJsonObject();
      if (body.getBoolean("bad", false)) {
        return Reply.json(422, "{}");
      }
      return body.getBoolean("flaky", false) && attempt == 1 ? Reply.json(503, "{}") : Reply.json(200, "{}");
    });
    JsonObject batch = new JsonObject().put("messages", new JsonArray()
        .add(new JsonObject()).add(new JsonObject())
        .add(new JsonObject().put("bad", true))
        .add(new JsonObject().put("flaky", true)));
    gateway.post("/v1/push", batch).await();
    gateway.postRaw("/v1/push", Buffer.buffer("{"), "application/json").await();
    HttpResponse<Buffer> response = gateway.get("/metrics").await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).startsWith("text/plain");
    String scrape = response.bodyAsString();
    assertThat(sample(scrape, "pushgate_messages_total", "status=\"delivered\",target=\"default\"")).isEqualTo(3);
    assertThat(sample(scrape, "pushgate_messages_total", "status=\"failed\",target=\"default\"")).isEqualTo(1);
    assertThat(sample(scrape, "pushgate_messages_total", "status=\"timeout\",target=\"default\"")).isZero();
    assertThat(sample(scrape, "pushgate_attempts_total", "outcome=\"2xx\",target=\"default\"")).isEqualTo(3);
    assertThat(sample(scrape, "pushgate_attempts_total", "outcome=\"4xx\",target=\"default\"")).isEqualTo(1);
    assertThat(sample(scrape, "pushgate_attempts_total", "outcome=\"5xx\",target=\"default\"")).isEqualTo(1);
    assertThat(sample(scrape, "pushgate_delivery_latency_seconds_count", "target=\"default\"")).isEqualTo(4);
    assertThat(sample(scrape, "pushgate_messages_in_flight", "target=\"default\"")).isZero();
    assertThat(sample(scrape, "pushgate_requests_refused_total", "reason=\"invalid_request\"")).isEqualTo(1);
  }
}
