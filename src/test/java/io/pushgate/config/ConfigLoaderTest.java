package io.pushgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
@DisplayName("ConfigLoader reads bundled defaults, the file and system properties with Vert.x Config")
class ConfigLoaderTest {

  @TempDir
  Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty("pushgate.push.maxBatch");
  }

  @Test
  @DisplayName("the named file overrides the bundled defaults, and a system property overrides the file")
  void file_then_system_property(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = dir.resolve("gw.json");
    Files.writeString(file, new JsonObject()
        .put("push", new JsonObject().put("maxBatch", 50).put("maxResponseBytes", 99))
        .encode());
    System.setProperty("pushgate.push.maxBatch", "60");
    ConfigLoader.load(vertx, file.toString()).onComplete(ctx.succeeding(config -> ctx.verify(() -> {
      assertThat(config.push().maxBatch()).isEqualTo(60);
      assertThat(config.push().maxResponseBytes()).isEqualTo(99);
      assertThat(config.targets().get("default").url()).isEqualTo("http://127.0.0.1:8081/push");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("it tells which file was read: the named one, or conf/config.json of the working directory")
  void names_the_file_read(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = dir.resolve("named.json");
    Files.writeString(file, "{}");
    ConfigLoader.read(vertx, file.toString())
        .compose(named -> {
          ctx.verify(() -> assertThat(named.describeSource())
              .isEqualTo("configuration read from " + file.toAbsolutePath()));
          return ConfigLoader.read(vertx, null);
        })
        .onComplete(ctx.succeeding(fallback -> ctx.verify(() -> {
          // The build runs in the project directory, which ships conf/config.json.
          assertThat(fallback.file()).isEqualTo(Path.of("conf/config.json").toAbsolutePath().toString());
          assertThat(new ConfigLoader.Loaded(fallback.config(), null).describeSource())
              .startsWith("no config file (" + Path.of("conf/config.json").toAbsolutePath() + " does not exist)")
              .contains("bundled defaults in use");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a named file that does not exist is an error")
  void missing_named_file(Vertx vertx, VertxTestContext ctx) {
    ConfigLoader.load(vertx, dir.resolve("absent.json").toString())
        .onComplete(ctx.failing(failure -> ctx.verify(() -> {
          assertThat(failure).isInstanceOf(ConfigException.class).hasMessageContaining("absent.json");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a file that is not JSON is an error, not silently skipped")
  void malformed_file(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"http\": ");
    ConfigLoader.load(vertx, file.toString()).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertThat(failure).isInstanceOf(ConfigException.class).hasMessageContaining("broken.json");
      ctx.completeNow();
    })));
  }
}
