package io.pushgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Config is checked against the schema and completed with defaults")
class ConfigValidatorTest {

  private static JsonObject minimal() {
    return new JsonObject().put("targets", new JsonObject()
        .put("default", new JsonObject().put("url", "http://127.0.0.1:8081/push")));
  }

  @Test
  @DisplayName("every key but targets.*.url falls back to the documented default")
  void defaults() {
    GatewayConfig config = GatewayConfig.fromJson(minimal());
    assertThat(config.http()).isEqualTo(new HttpConfig(true, "0.0.0.0", 8080, 16_777_216, 67_108_864,
        67_108_864, 10_000, 60_000, 30_000, 30_000, null, null));
    assertThat(config.push()).isEqualTo(new PushConfig(10_000, 30_000, 300_000, 4096));
    assertThat(config.senders()).isEqualTo(new SenderConfig(0, 32, 1024));
    assertThat(config.demoReceiver()).isEqualTo(new DemoReceiverConfig(true, "127.0.0.1", 8081));
    TargetConfig target = config.targets().get("default");
    assertThat(target.timeoutMs()).isEqualTo(5000);
    assertThat(target.maxAttempts()).isEqualTo(3);
    assertThat(target.backoffInitialMs()).isEqualTo(100);
    assertThat(target.backoffMaxMs()).isEqualTo(5000);
    assertThat(target.headers()).isEmpty();
    assertThat(target.maxInFlight()).isEqualTo(20_000);
    assertThat(target.breakerMaxFailures()).isEqualTo(20);
    assertThat(target.breakerResetTimeoutMs()).isEqualTo(10_000);
    assertThat(target.signingSecrets()).isEmpty();
    assertThat(target.trustStorePath()).isNull();
    assertThat(config.limits()).isEqualTo(new LimitsConfig(20_000, 50));
    assertThat(config.shutdown()).isEqualTo(new ShutdownConfig(30_000));
    assertThat(config.auth().apiKeys()).isEmpty();
    assertThat(config.cluster()).isEqualTo(
        new ClusterConfig(false, "pushgate", "127.0.0.1", 5701, java.util.List.of(), null, "127.0.0.1:5701"));
  }

  @Test
  @DisplayName("a target's kind decides its url and the keys it needs; a kind's keys on another kind are refused")
  void target_kinds() {
    JsonObject providers = minimal();
    JsonObject targets = providers.getJsonObject("targets");
    targets.put("ios", new JsonObject().put("kind", "apns").put("apns", new JsonObject().put("teamId", "T")
        .put("keyId", "K").put("keyPath", "/k.p8").put("topic", "app")));
    targets.put("android", new JsonObject().put("kind", "fcm")
        .put("fcm", new JsonObject().put("serviceAccountPath", "/sa.json")));
    targets.put("browsers", new JsonObject().put("kind", "webpush").put("vapid", new JsonObject()
        .put("publicKey", "pub").put("privateKey", "priv").put("subject", "mailto:ops@example.com")));
    GatewayConfig config = GatewayConfig.fromJson(providers);
    assertThat(config.targets().get("default").kind()).isEqualTo(TargetKind.WEBHOOK);
    assertThat(config.targets().get("ios").url()).isEqualTo("https://api.push.apple.com");
    assertThat(config.targets().get("ios").apns()).isEqualTo(new ApnsConfig("T", "K", "/k.p8", "app"));
    assertThat(config.targets().get("android").url()).isEqualTo("https://fcm.googleapis.com");
    assertThat(config.targets().get("browsers").url()).isNull();
    assertThat(config.targets().get("browsers").redactedUrl()).isNull();
    assertThat(config.targets().get("browsers").webPush().allowedOrigins())
        .isEqualTo(WebPushConfig.BROWSER_PUSH_SERVICES);
    assertThat(config.targets().get("browsers").webPush().toString()).doesNotContain("priv");

    JsonObject bad = minimal();
    JsonObject badTargets = bad.getJsonObject("targets");
    badTargets.put("a", new JsonObject().put("kind", "sms"));
    badTargets.put("b", new JsonObject().put("kind", "apns").put("apns", new JsonObject().put("teamId", "T")));
    badTargets.put("c", new JsonObject().put("kind", "webpush").put("url", "https://push.example.com")
        .put("vapid", new JsonObject().put("publicKey", "p").put("privateKey", "secret-key")
            .put("subject", "ops@example.com")));
    badTargets.getJsonObject("default").put("fcm", new JsonObject().put("serviceAccountPath", "/sa.json"))
        .put("allowedOrigins", new JsonArray().add("https://x.example"));
    badTargets.put("d", new JsonObject().put("kind", "webhook"));
    badTargets.getJsonObject("c").put("headers", new JsonObject().put("X-A", "1"))
        .put("signingSecret", "whsec_c2VjcmV0");
    assertThatThrownBy(() -> GatewayConfig.fromJson(bad))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "targets.a.kind: must be one of webhook, webpush, fcm, apns, not the string \"sms\"",
            "targets.a.url: required",
            "targets.b.apns.keyId: required for a target of kind apns",
            "targets.b.apns.keyPath: required for a target of kind apns",
            "targets.b.apns.topic: required for a target of kind apns",
            "targets.c.vapid.subject: must be a mailto: or https: URL",
            "targets.c.url: a webpush target has none: each message names its subscription's endpoint",
            "targets.default.fcm: only for a target of kind fcm, and this one is webhook",
            "targets.default.allowedOrigins: only for a target of kind webpush, and this one is webhook",
            "targets.d.url: required",
            "targets.c.headers: not sent to a target of kind webpush",
            "targets.c.signingSecret: only for a target of kind webhook, and this one is webpush"))
        .hasMessageNotContaining("secret-key");
  }

  @Test
  @DisplayName("cluster keys are checked: members as host:port, a public host when bound to every interface")
  void cluster_keys() {
    JsonObject bad = minimal().put("cluster", new JsonObject().put("enabled", true).put("host", "0.0.0.0")
        .put("port", 0).put("members", new JsonArray().add("10.0.0.1:5701").add("[::1]:5701").add("no-port")
            .add("h:70000")));
    assertThatThrownBy(() -> GatewayConfig.fromJson(bad))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "cluster.port: must be between 1 and 65535, not 0",
            "cluster.members: each member must be host:port with a port from 1 to 65535, not \"no-port\"",
            "cluster.members: each member must be host:port with a port from 1 to 65535, not \"h:70000\"",
            "cluster.publicHost: required when cluster.host is 0.0.0.0"));
    JsonObject named = minimal().put("cluster", new JsonObject().put("enabled", "yes").put("host", "localhost"));
    assertThatThrownBy(() -> GatewayConfig.fromJson(named))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "cluster.enabled: must be true or false, not the string \"yes\"",
            "cluster.host: must be an IPv4 address (0.0.0.0 for every interface), not \"localhost\""));
    ClusterConfig container = GatewayConfig.fromJson(minimal().put("cluster", new JsonObject()
        .put("enabled", true).put("host", "0.0.0.0").put("publicHost", "node1")
        .put("members", new JsonArray().add("node1:5701").add("node2:5701")))).cluster();
    assertThat(container.nodeName()).as("named after the address others reach it at").isEqualTo("node1:5701");
    assertThat(container.members()).containsExactly("node1:5701", "node2:5701");
  }

  @Test
  @DisplayName("hardening keys are checked: secrets, key lists, TLS pairs, limits against the batch size")
  void hardening_keys() {
    JsonObject bad = minimal()
        .put("http", new JsonObject().put("tls", new JsonObject().put("certPath", "/c.pem"))
            .put("maxBodyBytesInFlight", 1000))
        .put("auth", new JsonObject().put("apiKeys", new JsonArray().add("ok").add(3)))
        .put("limits", new JsonObject().put("maxInFlight", 10));
    bad.getJsonObject("targets").getJsonObject("default").put("signingSecret", "not-a-secret")
        .put("headers", new JsonObject().put("X-Token", "line\nbreak"));
    bad.getJsonObject("targets").put("creds", new JsonObject().put("url", "https://user:pw@example.com/push"));
    assertThatThrownBy(() -> GatewayConfig.fromJson(bad))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "http.tls: certPath and keyPath go together",
            "http.maxBodyBytesInFlight: must be at least http.maxBodyBytes (16777216), not 1000",
            "auth.apiKeys: must be an array of non-empty strings",
            "limits.maxInFlight: must be at least push.maxBatch (10000), not 10",
            "targets.default.signingSecret: must be a whsec_<base64> secret, or an array of two during rotation",
            "targets.default.headers.X-Token: not a valid HTTP header name or single-line value",
            "targets.creds.url: must not hold credentials; send them in the target's headers"));
  }

  @Test
  @DisplayName("with more than one target, each may hold its share of limits.maxInFlight, which must fit a batch")
  void target_share() {
    JsonObject lone = minimal().put("limits", new JsonObject().put("maxTargetSharePercent", 10));
    GatewayConfig single = GatewayConfig.fromJson(lone);
    assertThat(single.limits().maxInFlightOf(single.targets().get("default"), 1))
        .as("a lone target starves no other: it may take the whole node").isEqualTo(20_000);

    JsonObject two = minimal().put("push", new JsonObject().put("maxBatch", 3000));
    two.getJsonObject("targets").put("other", new JsonObject().put("url", "http://127.0.0.1:8082/push")
        .put("maxInFlight", 4000));
    GatewayConfig shared = GatewayConfig.fromJson(two);
    assertThat(shared.limits().maxInFlightOf(shared.targets().get("default"), 2)).isEqualTo(10_000);
    assertThat(shared.limits().maxInFlightOf(shared.targets().get("other"), 2)).as("its own limit is lower")
        .isEqualTo(4000);

    JsonObject tooSmall = two.copy().put("limits", new JsonObject().put("maxTargetSharePercent", 10));
    assertThatThrownBy(() -> GatewayConfig.fromJson(tooSmall))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "limits.maxTargetSharePercent: a target's share of limits.maxInFlight (2000 messages) must be at least"
                + " push.maxBatch (3000)"));
  }

  @Test
  @DisplayName("the shipped conf/config.json holds exactly the defaults")
  void shipped_config_is_the_defaults() throws Exception {
    JsonObject shipped = new JsonObject(java.nio.file.Files.readString(java.nio.file.Path.of("conf/config.json")));
    assertThat(GatewayConfig.fromJson(shipped).json()).isEqualTo(GatewayConfig.fromJson(minimal()).json());
  }

  @Test
  @DisplayName("one failure names every bad key")
  void all_problems_in_one_message() {
    JsonObject bad = new JsonObject()
        .put("http", new JsonObject().put("port", 70_000).put("prot", 1))
        .put("push", new JsonObject().put("maxBatch", "many").put("defaultTimeoutMs", 9000).put("maxTimeoutMs", 10))
        .put("senders", "four")
        .put("extra", new JsonObject())
        .put("targets", new JsonObject()
            .put("a b", new JsonObject().put("url", "http://x/"))
            .put("nourl", new JsonObject().put("timeoutMs", 0))
            .put("ftp", new JsonObject().put("url", "ftp://host/x").put("headers", new JsonObject().put("h", 1))
                .put("backoff", new JsonObject().put("initialMs", 10).put("maxMs", 5))));
    assertThatThrownBy(() -> GatewayConfig.fromJson(bad))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "http.port: must be between 0 and 65535, not 70000",
            "http.prot: unknown key",
            "push.maxBatch: must be an integer, not the string \"many\"",
            "push.defaultTimeoutMs: must not exceed push.maxTimeoutMs",
            "senders: must be an object",
            "extra: unknown key",
            "targets.a b: a target name may hold only letters, digits, '-' and '_'",
            "targets.nourl.url: required",
            "targets.nourl.timeoutMs: must be between 1 and 2147483647, not 0",
            "targets.ftp.url: must be an absolute http:// or https:// URL, not the string \"ftp://host/x\"",
            "targets.ftp.headers: must be an object whose values are strings",
            "targets.ftp.backoff.initialMs: must not exceed backoff.maxMs"))
        .hasMessageStartingWith("invalid configuration: ");
  }

  @Test
  @DisplayName("a value of the wrong type is shown as the JSON it was; limits name both numbers")
  void values_shown_as_json() {
    JsonObject bad = minimal()
        .put("http", new JsonObject().put("port", "8080").put("maxBodyBytes", 1.5))
        .put("push", new JsonObject().put("maxBatch", 1000).put("maxTimeoutMs", new JsonObject().put("k", "v")))
        .put("senders", new JsonObject().put("instances", new JsonArray().add(1)))
        .put("demoReceiver", new JsonObject().put("enabled", "true").put("port", true))
        .put("limits", new JsonObject().put("maxInFlight", 500));
    bad.getJsonObject("targets").getJsonObject("default").put("maxInFlight", 999).put("url", 5);
    assertThatThrownBy(() -> GatewayConfig.fromJson(bad))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "http.port: must be an integer, not the string \"8080\"",
            "http.maxBodyBytes: must be an integer, not 1.5",
            "push.maxTimeoutMs: must be an integer, not an object",
            "senders.instances: must be an integer, not an array",
            "demoReceiver.enabled: must be true or false, not the string \"true\"",
            "demoReceiver.port: must be an integer, not true",
            "limits.maxInFlight: must be at least push.maxBatch (1000), not 500",
            "targets.default.maxInFlight: must be at least push.maxBatch (1000), not 999",
            "targets.default.url: must be an absolute http:// or https:// URL, not 5"));
  }

  @Test
  @DisplayName("a config without targets is refused")
  void targets_required() {
    assertThatThrownBy(() -> GatewayConfig.fromJson(new JsonObject()))
        .hasMessageContaining("targets: at least one target is required");
  }
}
