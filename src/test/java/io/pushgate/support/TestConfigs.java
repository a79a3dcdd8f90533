package io.pushgate.support;

import io.pushgate.config.GatewayConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;

/** Configs for tests: port 0, no demo receiver, short timeouts and backoff, targets at fake servers. */
public final class TestConfigs {

  private TestConfigs() {
  }

  /** A raw config with one target named {@code default} at {@code url}; change it before {@link #build}. */
  public static JsonObject raw(String url) {
    return new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("push", new JsonObject().put("defaultTimeoutMs", 10_000))
        .put("senders", new JsonObject().put("instances", 2))
        .put("demoReceiver", new JsonObject().put("enabled", false))
        .put("jobs", new JsonObject().put("store", new JsonObject().put("url", "sqlite:" + newSqliteFile())))
        .put("targets", new JsonObject().put("default", target(url)));
  }

  /**
   * A target with a 3 s attempt timeout, 1-20 ms backoff so that retries take little time, and no circuit breaker,
   * so that one test's failures cannot open it for the next requests (the breaker has tests of its own).
   */
  public static JsonObject target(String url) {
    return new JsonObject().put("url", url).put("timeoutMs", 3000).put("maxAttempts", 3)
        .put("backoff", new JsonObject().put("initialMs", 1).put("maxMs", 20))
        .put("circuitBreaker", new JsonObject().put("maxFailures", 0));
  }

  /**
   * {@link #raw} plus two troubled targets: {@code silent} at {@code silentUrl} (a server that never answers; 200 ms
   * attempts, 2 attempts) and {@code closed} (a port nothing listens on).
   */
  public static JsonObject withTroubledTargets(String url, String silentUrl) {
    JsonObject raw = raw(url);
    addTroubledTargets(raw, silentUrl);
    return raw;
  }

  /** Adds the troubled targets of {@link #withTroubledTargets} to {@code raw}: a config tweak. */
  public static void addTroubledTargets(JsonObject raw, String silentUrl) {
    raw.getJsonObject("targets")
        .put("silent", target(silentUrl).put("timeoutMs", 200).put("maxAttempts", 2))
        .put("closed", target("http://127.0.0.1:1/push"));
  }

  /** A new SQLite file under {@code target/test-jobs}, so that no two gateways of a test run share a job store. */
  public static String newSqliteFile() {
    return Path.of("target", "test-jobs", UUID.randomUUID() + ".db").toAbsolutePath().toString();
  }

  public static GatewayConfig build(JsonObject raw) {
    return GatewayConfig.fromJson(raw);
  }

  public static GatewayConfig gateway(String url) {
    return build(raw(url));
  }
}
