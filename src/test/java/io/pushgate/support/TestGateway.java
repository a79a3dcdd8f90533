package io.pushgate.support;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pushgate.MainVerticle;
import io.pushgate.config.GatewayConfig;
import io.pushgate.observability.GatewayState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A whole gateway deployed in the test's {@code Vertx}, and a client that calls its HTTP API. */
public final class TestGateway {

  private final Vertx vertx;
  private final String deploymentId;
  private final MainVerticle main;
  private final WebClient client;

  private TestGateway(Vertx vertx, String deploymentId, MainVerticle main, WebClient client) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.main = main;
    this.client = client;
  }

  /** Deploys the gateway with {@code config}. */
  public static Future<TestGateway> start(Vertx vertx, GatewayConfig config) {
    return deploy(vertx, new MainVerticle(config));
  }

  /**
   * Deploys the gateway with {@code config} and {@code registry}: with a Vert.x built by
   * {@link io.pushgate.Main#vertx}, {@code /metrics} then shows Vert.x's own meters too, as in production.
   */
  public static Future<TestGateway> start(Vertx vertx, GatewayConfig config, PrometheusMeterRegistry registry) {
    return deploy(vertx, new MainVerticle(config, registry));
  }

  private static Future<TestGateway> deploy(Vertx vertx, MainVerticle main) {
    return vertx.deployVerticle(main).map(id -> new TestGateway(vertx, id, main,
        WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(main.httpPort()))));
  }

  /** Readiness as the probe sees it; tests start draining through it. */
  public GatewayState state() {
    return main.state();
  }

  /** Starts the graceful shutdown; completes when requests in flight are done. */
  public Future<Void> drain() {
    return main.drain();
  }

  /** Undeploys the whole gateway, as an embedder would. */
  public Future<Void> undeploy() {
    return vertx.undeploy(deploymentId);
  }

  /** GETs {@code path}. */
  public Future<HttpResponse<Buffer>> get(String path) {
    return client.get(path).send();
  }

  /** The value of one series of {@code GET /metrics}, e.g. {@code pushgate_circuit_state{target="default"}}. */
  public Future<Double> metric(String series) {
    Pattern line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$");
    return get("/metrics").map(response -> {
      Matcher matcher = line.matcher(response.bodyAsString());
      if (!matcher.find()) {
        throw new AssertionError(series + " is not in /metrics");
      }
      return Double.parseDouble(matcher.group(1));
    });
  }

  public int port() {
    return main.httpPort();
  }

  /** DELETEs {@code path}. */
  public Future<HttpResponse<Buffer>> delete(String path) {
    return client.delete(path).send();
  }

  /** POSTs {@code body} as JSON to {@code path}. */
  public Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
    return postRaw(path, body.toBuffer(), "application/json");
  }

  /** POSTs {@code body} as is, with the given content type (none when {@code null}). */
  public Future<HttpResponse<Buffer>> postRaw(String path, Buffer body, String contentType) {
    var request = client.post(path);
    if (contentType != null) {
      request.putHeader("content-type", contentType);
    }
    return request.sendBuffer(body);
  }

  public WebClient client() {
    return client;
  }
}
