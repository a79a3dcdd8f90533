package io.pushgate.api;

import io.pushgate.config.SenderConfig;
import io.pushgate.config.TargetConfig;
import io.pushgate.observability.GatewayMetrics;
import io.pushgate.observability.GatewayMetrics.TargetCounts;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/targets}: every configured target with its URL (credentials and query redacted), limits, circuit
 * state (the worst of this node's senders') and message counts on this node. Header values are never shown: they often hold credentials.
 */
final class TargetsRoute {

  private final Map<String, TargetConfig> targets;
  private final SenderConfig senders;
  private final GatewayMetrics metrics;

  TargetsRoute(Map<String, TargetConfig> targets, SenderConfig senders, GatewayMetrics metrics) {
    this.targets = new TreeMap<>(targets);
    this.senders = senders;
    this.metrics = metrics;
  }

  void list(RoutingContext ctx) {
    JsonArray list = new JsonArray();
    targets.values().forEach(target -> list.add(describe(target)));
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("targets", list).toBuffer());
  }

  private JsonObject describe(TargetConfig target) {
    TargetCounts counts = metrics.counts(target.name());
    return new JsonObject()
        .put("name", target.name())
        .put("url", target.redactedUrl())
        .put("timeoutMs", target.timeoutMs())
        .put("maxAttempts", target.maxAttempts())
        .put("backoff", new JsonObject().put("initialMs", target.backoffInitialMs())
            .put("maxMs", target.backoffMaxMs()))
        .put("maxConnections", senders.instances() * senders.maxConnectionsPerTarget())
        .put("headers", new JsonArray(target.headers().keySet().stream().sorted().toList()))
        .put("maxInFlight", target.maxInFlight())
        .put("circuit", counts.circuit().json())
        .put("inFlight", counts.inFlight())
        .put("delivered", counts.delivered())
        .put("failed", counts.failed())
        .put("timedOut", counts.timedOut());
  }
}
