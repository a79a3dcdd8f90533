package io.pushgate.api;

import io.pushgate.bus.DeliveryStatus;
import io.pushgate.config.LimitsConfig;
import io.pushgate.config.SenderConfig;
import io.pushgate.config.TargetConfig;
import io.pushgate.config.TargetKind;
import io.pushgate.observability.LatencyQuantiles;
import io.pushgate.observability.TargetStatus;
import io.pushgate.observability.TargetStatuses;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/targets}: every configured target with its URL (credentials and query redacted), kind, limits,
 * circuit state, message counts and latency over the last minute on this node, read from the node's
 * {@link TargetStatuses}. Header values are never shown: they often hold credentials.
 */
final class TargetsRoute {

  private final Map<String, TargetConfig> targets;
  private final SenderConfig senders;
  private final LimitsConfig limits;
  private final TargetStatuses statuses;

  TargetsRoute(Map<String, TargetConfig> targets, SenderConfig senders, LimitsConfig limits,
               TargetStatuses statuses) {
    this.targets = new TreeMap<>(targets);
    this.senders = senders;
    this.limits = limits;
    this.statuses = statuses;
  }

  void list(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("targets", all()).toBuffer());
  }

  /** Every target as {@code /v1/targets} lists it, by name: the console shows the same. */
  JsonArray all() {
    JsonArray list = new JsonArray();
    targets.values().forEach(target -> list.add(describe(target)));
    return list;
  }

  private JsonObject describe(TargetConfig target) {
    TargetStatus status = statuses.of(target.name());
    LatencyQuantiles latency = status.latency();
    JsonObject described = new JsonObject()
        .put("name", target.name())
        .put("kind", target.kind().json())
        .put("url", target.redactedUrl())
        .put("timeoutMs", target.timeoutMs())
        .put("maxAttempts", target.maxAttempts())
        .put("backoff", new JsonObject().put("initialMs", target.backoffInitialMs())
            .put("maxMs", target.backoffMaxMs()))
        .put("maxConnections", senders.instances() * senders.maxConnectionsPerTarget())
        .put("headers", new JsonArray(target.headers().keySet().stream().sorted().toList()))
        .put("maxInFlight", limits.maxInFlightOf(target, targets.size()))
        .put("circuit", status.circuit().json())
        .put("inFlight", status.inFlight())
        .put("jobsPending", status.jobsPending())
        .put("delivered", status.count(DeliveryStatus.DELIVERED))
        .put("failed", status.count(DeliveryStatus.FAILED))
        .put("timedOut", status.count(DeliveryStatus.TIMEOUT))
        .put("latencyMs", latency == null ? null : latency.toJson());
    if (target.kind() == TargetKind.WEBPUSH) {
      // One circuit per push service (allowedOrigins entry): those not closed; "circuit" above is the worst.
      JsonObject circuits = new JsonObject();
      status.circuits().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(circuit -> circuits.put(circuit.getKey(), circuit.getValue().json()));
      described.put("circuits", circuits);
    }
    return described;
  }
}
