package io.pushgate.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.PushClientVerticle;
import io.pushgate.support.TestBatches;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VertxExtension.class)
@Timeout(value = 15, unit = TimeUnit.SECONDS)
@DisplayName("pushgate.push on the event bus: the same JSON contract as HTTP")
class EventBusApiTest {

  private final FakeTarget target = new FakeTarget();

  @BeforeEach
  void deploy(Vertx vertx) {
    GatewayFixture.start(vertx, raw -> raw.getJsonObject("push").put("maxBatch", 3), target);
  }

  @Test
  @DisplayName("a co-deployed verticle gets the full summary")
  void co_deployed_verticle_gets_the_summary(Vertx vertx) {
    JsonObject summary = PushClientVerticle.push(vertx, TestBatches.of(3)).await().body();
    assertThat(summary.getString("requestId")).isNotBlank();
    assertThat(summary.getString("target")).isEqualTo("default");
    assertThat(summary.getInteger("total")).isEqualTo(3);
    assertThat(summary.getInteger("delivered")).isEqualTo(3);
    assertThat(summary.getJsonArray("results").getJsonObject(2).getInteger("index")).isEqualTo(2);
    assertThat(summary.getJsonArray("results").getJsonObject(2).getJsonObject("response"))
        .isEqualTo(new JsonObject().put("ok", true));
    assertThat(target.requests()).isEqualTo(3);
    assertThat(target.received()).anyMatch(r -> r.body().toJsonObject().getString("message").equals("Hello 0"));
  }

  @Test
  @DisplayName("each message reaches the target as its own JSON, exactly as Vert.x encodes it, nothing of its "
      + "neighbours")
  void each_message_is_its_own_json(Vertx vertx) {
    List<JsonObject> messages = List.of(
        new JsonObject().put("a", new JsonObject().put("b", new JsonArray().add(1).add(2.5).add(
            new JsonObject().put("c", "x\"y}]"))).putNull("n")),
        new JsonObject().put("s", "h\u00e9llo \u2713 \ud83d\ude00 a/b\n\t\u0001").put("t", true),
        new JsonObject());
    JsonObject summary = PushClientVerticle.push(vertx, new JsonObject().put("messages", new JsonArray(messages)))
        .await().body();
    assertThat(summary.getInteger("delivered")).isEqualTo(3);
    assertThat(target.received()).extracting(request -> request.body().toString(StandardCharsets.UTF_8))
        .containsExactlyInAnyOrderElementsOf(messages.stream().map(JsonObject::encode).toList());
  }

  /** A body a co-deployed verticle pushes, and the refusal it must get; {@code field} null means none. */
  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("unknown target", TestBatches.of(1).put("target", "nope"), 400, "unknown_target", "target"),
        Arguments.of("more than maxBatch", TestBatches.of(4), 413, "too_many_messages", "messages"),
        Arguments.of("no messages", new JsonObject().put("messages", new JsonArray()), 400, "invalid_request",
            "messages"),
        Arguments.of("a message not an object", new JsonObject().put("messages", new JsonArray().add("x")), 400,
            "invalid_request", "messages[0]"),
        Arguments.of("negative timeoutMs", TestBatches.of(1).put("timeoutMs", -1), 400, "invalid_request",
            "timeoutMs"),
        Arguments.of("not JSON", "not json", 400, "invalid_request", null));
  }

  @ParameterizedTest(name = "{0}: {2} {3}")
  @MethodSource("refusals")
  @DisplayName("refusals are ReplyExceptions whose failureCode is the HTTP status and message the JSON error")
  void refusals_carry_the_http_status(String name, Object body, int code, String error, String field, Vertx vertx) {
    assertThatThrownBy(() -> PushClientVerticle.push(vertx, body).await()).as(name)
        .isInstanceOfSatisfying(ReplyException.class, refusal -> {
          assertThat(refusal.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
          assertThat(refusal.failureCode()).isEqualTo(code);
          JsonObject json = new JsonObject(refusal.getMessage());
          assertThat(json.getString("error")).isEqualTo(error);
          assertThat(json.getString("field")).isEqualTo(field);
        });
    assertThat(target.requests()).isZero();
  }
}
