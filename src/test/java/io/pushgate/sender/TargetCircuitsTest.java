package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.config.TargetConfig;
import io.pushgate.observability.TargetStatus;
import io.pushgate.observability.TargetStatus.CircuitState;
import io.pushgate.support.Eventually;
import io.pushgate.support.TestConfigs;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
@DisplayName("A target's circuits: one, or one per push service, and the worst of them in its status")
class TargetCircuitsTest {

  /** Open, or already half-open: the 200 ms reset may pass on a loaded machine before the test looks. */
  private static final Set<CircuitState> NOT_CLOSED = Set.of(CircuitState.OPEN, CircuitState.HALF_OPEN);

  private final TargetStatus status = new TargetStatus("browsers");
  private TargetCircuits circuits;

  @BeforeEach
  void create(Vertx vertx) {
    JsonObject raw = TestConfigs.raw("http://127.0.0.1:1/push");
    // A short reset, so that an open circuit lets a probe through soon.
    raw.getJsonObject("targets").getJsonObject("default")
        .put("circuitBreaker", new JsonObject().put("maxFailures", 2).put("resetTimeoutMs", 200));
    TargetConfig config = TestConfigs.build(raw).targets().get("default");
    circuits = TargetCircuits.of(vertx, config, status);
  }

  @AfterEach
  void close() {
    circuits.close();
  }

  /** Fails {@code times} calls through {@code breaker}, each once it has failed (the breaker counts on completion). */
  private static void fail(CircuitBreaker breaker, int times) {
    for (int i = 0; i < times; i++) {
      breaker.execute(() -> Future.failedFuture("503")).transform(done -> Future.succeededFuture()).await();
    }
  }

  @Test
  @DisplayName("no key is the target's own breaker; each key has its own, the same every time")
  void one_breaker_per_key() {
    assertThat(circuits.of(null)).isSameAs(circuits.of(null));
    CircuitBreaker mozilla = circuits.of("https://updates.push.services.mozilla.com");
    assertThat(mozilla).isSameAs(circuits.of("https://updates.push.services.mozilla.com"))
        .isNotSameAs(circuits.of("https://*.notify.windows.com")).isNotSameAs(circuits.of(null));
  }

  /** Waits for the status to read {@code state}: the breaker calls its handlers on its own context. */
  private void circuitBecomes(Vertx vertx, CircuitState state) {
    circuitBecomes(vertx, Set.of(state));
  }

  private void circuitBecomes(Vertx vertx, Set<CircuitState> states) {
    Eventually.until(vertx, () -> Future.succeededFuture(status.circuit()), states::contains).await();
  }


  @Test
  @DisplayName("one push service's circuit opening shows as the target's, named; the others stay closed")
  void worst_circuit_is_the_targets(Vertx vertx) {
    CircuitBreaker mozilla = circuits.of("https://updates.push.services.mozilla.com");
    CircuitBreaker fcm = circuits.of("https://fcm.googleapis.com");
    fail(mozilla, 2);
    assertThat(mozilla.state().name()).isNotEqualTo("CLOSED");
    assertThat(fcm.state().name()).isEqualTo("CLOSED");
    circuitBecomes(vertx, NOT_CLOSED);
    assertThat(status.circuits()).containsOnlyKeys("https://updates.push.services.mozilla.com");

    circuitBecomes(vertx, CircuitState.HALF_OPEN);
    assertThat(status.circuits()).isEqualTo(Map.of("https://updates.push.services.mozilla.com",
        CircuitState.HALF_OPEN));
    mozilla.execute(() -> Future.succeededFuture("201")).await();
    circuitBecomes(vertx, CircuitState.CLOSED);
    assertThat(status.circuits()).isEmpty();
  }

  @Test
  @DisplayName("the target's own breaker sets its state alone, as before")
  void whole_target_breaker(Vertx vertx) {
    fail(circuits.of(null), 2);
    circuitBecomes(vertx, NOT_CLOSED);
    assertThat(status.circuits()).isEmpty();
  }
}
