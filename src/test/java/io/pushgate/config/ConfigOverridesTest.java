package io.pushgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Environment variables override the file, system properties override both")
class ConfigOverridesTest {

  /** What Vert.x Config merges: the file's sections plus flat env and sys entries at the top level. */
  private static JsonObject merged() {
    return new JsonObject()
        .put("http", new JsonObject().put("port", 1111))
        .put("push", new JsonObject().put("maxBatch", 10))
        .put("targets", new JsonObject()
            .put("default", new JsonObject().put("url", "http://file/push"))
            .put("my-target", new JsonObject().put("url", "http://file/mine")))
        .put("PATH", "/usr/bin")
        .put("java.version", "17");
  }

  @Test
  @DisplayName("file < env < system property, key by key")
  void precedence() {
    JsonObject merged = merged()
        .put("PUSHGATE_HTTP_PORT", "2222")
        .put("PUSHGATE_PUSH_MAX_BATCH", "20")
        .put("pushgate.http.port", "3333");
    GatewayConfig config = ConfigLoader.check(merged);
    assertThat(config.http().port()).isEqualTo(3333);
    assertThat(config.push().maxBatch()).isEqualTo(20);
    assertThat(config.targets().get("default").url()).isEqualTo("http://file/push");
  }

  @Test
  @DisplayName("env names map by path, with or without underscores between words")
  void env_names() {
    JsonObject merged = merged()
        .put("PUSHGATE_TARGETS_DEFAULT_URL", "http://env/push")
        .put("PUSHGATE_TARGETS_MY_TARGET_TIMEOUT_MS", "1234")
        .put("PUSHGATE_TARGETS_MY_TARGET_BACKOFF_MAXMS", "777")
        .put("PUSHGATE_TARGETS_EXTRA_URL", "http://env/extra")
        .put("PUSHGATE_TARGETS_EXTRA_HEADERS", "{\"Authorization\":\"Bearer t\"}")
        .put("PUSHGATE_HTTP_MAXBODYBYTES", "2048")
        .put("PUSHGATE_DEMO_RECEIVER_ENABLED", "false")
        .put("PUSHGATE_AUTH_API_KEYS", "key-one, key-two")
        .put("PUSHGATE_CLUSTER_ENABLED", "true")
        .put("PUSHGATE_CLUSTER_MEMBERS", "node1:5701,node2:5701")
        .put("PUSHGATE_CLUSTER_PUBLIC_HOST", "node1");
    GatewayConfig config = ConfigLoader.check(merged);
    assertThat(config.cluster().enabled()).isTrue();
    assertThat(config.cluster().members()).containsExactly("node1:5701", "node2:5701");
    assertThat(config.cluster().publicHost()).isEqualTo("node1");
    assertThat(config.auth().apiKeys()).containsExactly("key-one", "key-two");
    assertThat(config.targets().get("default").url()).isEqualTo("http://env/push");
    assertThat(config.targets().get("my-target").timeoutMs()).isEqualTo(1234);
    assertThat(config.targets().get("my-target").backoffMaxMs()).isEqualTo(777);
    assertThat(config.targets().get("extra").url()).isEqualTo("http://env/extra");
    assertThat(config.targets().get("extra").headers()).containsEntry("Authorization", "Bearer t");
    assertThat(config.http().maxBodyBytes()).isEqualTo(2048);
    assertThat(config.demoReceiver().enabled()).isFalse();
  }

  @Test
  @DisplayName("system properties use the dotted path")
  void sys_names() {
    GatewayConfig config = ConfigLoader.check(merged()
        .put("pushgate.targets.my-target.maxAttempts", "7")
        .put("pushgate.senders.instances", "3"));
    assertThat(config.targets().get("my-target").maxAttempts()).isEqualTo(7);
    assertThat(config.senders().instances()).isEqualTo(3);
  }

  @Test
  @DisplayName("unknown names and unreadable values are reported with the config's own problems")
  void bad_overrides() {
    JsonObject merged = merged()
        .put("PUSHGATE_HTTP_PROT", "1")
        .put("PUSHGATE_HTTP_PORT", "eighty")
        .put("pushgate.push.maxBatchSize", "3")
        .put("PUSHGATE_DEMO_RECEIVER_ENABLED", "yes")
        .put("PUSHGATE_PUSH_MAX_TIMEOUT_MS", "0");
    assertThatThrownBy(() -> ConfigLoader.check(merged))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "environment variable PUSHGATE_HTTP_PROT matches no configuration key",
            "PUSHGATE_HTTP_PORT (http.port): cannot read 'eighty' as an integer",
            "system property pushgate.push.maxBatchSize matches no configuration key",
            "PUSHGATE_DEMO_RECEIVER_ENABLED (demoReceiver.enabled): cannot read 'yes' as true or false",
            "push.maxTimeoutMs: must be between 1 and 2147483647, not 0"));
  }

  @Test
  @DisplayName("the documented ASCII environment variable sets its key under any default locale (Turkish here)")
  void env_names_ignore_the_default_locale() {
    Locale before = Locale.getDefault();
    // In Turkish, "i".toUpperCase() is "İ": MAX_IN_FLIGHT would be MAX_İN_FLİGHT, which no shell variable matches.
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      ConfigKey key = ConfigSchema.KEYS.stream().filter(k -> k.path().equals("limits.maxInFlight")).findFirst()
          .orElseThrow();
      assertThat(key.envName()).isEqualTo("PUSHGATE_LIMITS_MAX_IN_FLIGHT");
      JsonObject applied = ConfigOverrides.apply(merged().put("PUSHGATE_LIMITS_MAX_IN_FLIGHT", "7"),
          new java.util.ArrayList<>());
      assertThat(applied.getJsonObject("limits").getValue("maxInFlight")).isEqualTo(7L);
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  @DisplayName("every key's documented environment variable sets that key, for a configured target too")
  void every_env_name_round_trips() {
    for (ConfigKey key : ConfigSchema.KEYS) {
      String path = key.path().replace("*", "default");
      String value = switch (key.type()) {
        case BOOLEAN -> "true";
        case STRING_MAP -> "{}";
        case SECRETS -> "whsec_c2VjcmV0";
        default -> "1";
      };
      JsonObject merged = merged().put(key.envName().replace("*", "DEFAULT"), value);
      JsonObject applied = ConfigOverrides.apply(merged, new java.util.ArrayList<>());
      Object node = applied;
      for (String segment : path.split("\\.")) {
        node = node instanceof JsonObject object ? object.getValue(segment) : null;
      }
      assertThat(node).as(key.envName() + " sets " + path).isNotNull();
      assertThat(applied.getJsonObject("targets").fieldNames()).as(key.envName())
          .containsExactlyInAnyOrder("default", "my-target");
    }
  }

  @Test
  @DisplayName("a malformed secret is reported without its value")
  void secrets_not_echoed() {
    assertThatThrownBy(() -> ConfigLoader.check(merged().put("PUSHGATE_AUTH_API_KEYS", "[\"s3cret-key\"")))
        .hasMessageContaining("PUSHGATE_AUTH_API_KEYS").hasMessageNotContaining("s3cret-key");
  }

  @Test
  @DisplayName("each key documents the environment variable that sets it")
  void env_name_of_a_key() {
    assertThat(ConfigSchema.find("http.maxBodyBytes").orElseThrow().envName())
        .isEqualTo("PUSHGATE_HTTP_MAX_BODY_BYTES");
    assertThat(ConfigSchema.find("targets.x.backoff.initialMs").orElseThrow().envName())
        .isEqualTo("PUSHGATE_TARGETS_*_BACKOFF_INITIAL_MS");
  }
}
