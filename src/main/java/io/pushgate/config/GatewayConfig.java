package io.pushgate.config;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The whole gateway configuration, checked.
 *
 * @param json the complete config tree, defaults filled in, as checked; verticles take the typed records instead
 */
public record GatewayConfig(HttpConfig http, PushConfig push, SenderConfig senders, DemoReceiverConfig demoReceiver,
                            LimitsConfig limits, ShutdownConfig shutdown, AuthConfig auth, ClusterConfig cluster,
                            JobsConfig jobs, ConsoleConfig console, Map<String, TargetConfig> targets,
                            JsonObject json) {

  /**
   * Checks {@code config} and reads it.
   *
   * @throws ConfigException naming every problem
   */
  public static GatewayConfig fromJson(JsonObject config) {
    JsonObject json = ConfigValidator.normalize(config);
    return new GatewayConfig(
        HttpConfig.fromJson(json.getJsonObject(ConfigSchema.HTTP)),
        PushConfig.fromJson(json.getJsonObject(ConfigSchema.PUSH)),
        SenderConfig.fromJson(json.getJsonObject(ConfigSchema.SENDERS)),
        DemoReceiverConfig.fromJson(json.getJsonObject(ConfigSchema.DEMO_RECEIVER)),
        LimitsConfig.fromJson(json.getJsonObject(ConfigSchema.LIMITS)),
        ShutdownConfig.fromJson(json.getJsonObject(ConfigSchema.SHUTDOWN)),
        AuthConfig.fromJson(json.getJsonObject(ConfigSchema.AUTH)),
        ClusterConfig.fromJson(json.getJsonObject(ConfigSchema.CLUSTER)),
        JobsConfig.fromJson(json.getJsonObject(ConfigSchema.JOBS)),
        ConsoleConfig.fromJson(json.getJsonObject(ConfigSchema.CONSOLE)),
        TargetConfig.allFromJson(json.getJsonObject(ConfigSchema.TARGETS)),
        json);
  }

  /**
   * This config with {@code senders.instances: 0} resolved to {@code eventLoops}, the count the gateway deploys, so
   * that every verticle reads the same number.
   */
  public GatewayConfig withSendersResolved(int eventLoops) {
    return senders.instances() > 0 ? this : new GatewayConfig(http, push,
        new SenderConfig(eventLoops, senders.maxConnectionsPerTarget(), senders.maxWaitQueue()), demoReceiver, limits,
        shutdown, auth, cluster, jobs, console, targets, json);
  }

  /** A one-line summary for the start-up log. Header values, keys and secrets are left out. */
  public String summary() {
    StringBuilder text = new StringBuilder()
        .append(http.tls() ? "https " : "http ").append(http.host()).append(':').append(http.port())
        .append(http.enabled() ? "" : " (no push routes)")
        .append(", cluster ").append(cluster.enabled() ? cluster.name() + " as " + cluster.nodeName() : "off")
        .append(", maxInFlight ").append(limits.maxInFlight())
        .append(", apiKeys ").append(auth.apiKeys().size())
        .append(", maxBatch ").append(push.maxBatch())
        .append(", defaultTimeoutMs ").append(push.defaultTimeoutMs())
        .append(", maxConnectionsPerTarget ").append(senders.maxConnectionsPerTarget())
        .append(", jobs ").append(jobs.enabled() ? jobs.storeKind() : "off")
        .append(", console ").append(console.enabled() ? "on" : "off")
        .append(", demoReceiver ").append(demoReceiver.enabled() ? demoReceiver.port() : "off")
        .append(", targets");
    targets.values().forEach(target -> text.append(' ').append(target.name()).append('=').append(target.redactedUrl())
        .append(" (timeoutMs ").append(target.timeoutMs()).append(", maxAttempts ").append(target.maxAttempts())
        .append(')'));
    return text.toString();
  }
}
