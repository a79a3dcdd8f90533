package io.pushgate.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The setup of a test that goes through the whole gateway: fake targets, then a gateway that delivers to them, both
 * in the test's {@code Vertx} (the idea of {@code startHttpBackend} in vertx-http-proxy's {@code TestBase}). The first
 * target is the config's {@code default}; a test names the others in its config tweak, which runs once every target
 * listens, so it may read their {@link FakeTarget#url()}:
 * <pre>{@code
 * gateway = GatewayFixture.start(vertx, raw -> raw.getJsonObject("targets")
 *     .put("silent", TestConfigs.target(silent.url())), target, silent);
 * }</pre>
 * The test creates the targets (plain, silent, TLS, programmed) and keeps them; the fixture deploys them.
 */
public final class GatewayFixture {

  /** How long {@link #start} waits for the targets and the gateway. */
  public static final long START_SECONDS = 10;

  private GatewayFixture() {
  }

  /**
   * Deploys {@code target} and {@code others}, then a gateway whose config is {@link TestConfigs#raw} for
   * {@code target}'s URL changed by {@code tweak}. Callable from anywhere; completes with the started gateway.
   */
  public static Future<TestGateway> deploy(Vertx vertx, Consumer<JsonObject> tweak, FakeTarget target,
      FakeTarget... others) {
    List<Future<String>> deployed = new ArrayList<>();
    deployed.add(vertx.deployVerticle(target));
    for (FakeTarget other : others) {
      deployed.add(vertx.deployVerticle(other));
    }
    return Future.all(deployed).compose(listening -> {
      JsonObject raw = TestConfigs.raw(target.url());
      tweak.accept(raw);
      return TestGateway.start(vertx, TestConfigs.build(raw));
    });
  }

  /**
   * {@link #deploy} and wait, at most {@link #START_SECONDS}: for {@code @BeforeEach} and test methods, on the JUnit
   * thread (never on an event loop, where waiting throws).
   */
  public static TestGateway start(Vertx vertx, Consumer<JsonObject> tweak, FakeTarget target, FakeTarget... others) {
    try {
      return deploy(vertx, tweak, target, others).await(START_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the targets and the gateway did not start within " + START_SECONDS + " s", e);
    }
  }

  /** {@link #start} with the config {@link TestConfigs#raw} as it is. */
  public static TestGateway start(Vertx vertx, FakeTarget target, FakeTarget... others) {
    return start(vertx, raw -> { }, target, others);
  }
}
