package io.pushgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.JarProcess;
import io.pushgate.support.Ports;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real browser: the fat jar, with an API key and four fake targets, and Debian's headless Chromium
 * driven by {@code src/test/console/console.e2e.mjs} (playwright-core). The script asks for the key before showing
 * anything, watches a job's progress bar reach 100 %, a circuit open, a job cancelled after confirmation and the
 * failed results of another, and writes screenshots to {@code target/console-screenshots/}. Needs Chromium and the
 * script's {@code node_modules}, which {@code .ci/run} installs.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@DisplayName("The console in headless Chromium, against the jar")
class ConsoleBrowserIT {

  private static final Path SCRIPTS = Path.of("src", "test", "console");
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final String API_KEY = "console-test-key";
  private static final long SCRIPT_SECONDS = 180;

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private JarProcess gateway;

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.stop();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("key first; a job's progress to 100 %; a circuit opening; cancel after confirming; failed results")
  void console_in_chromium() throws Exception {
    Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium))
        .as("no Chromium at %s: install Debian's (apt-get install chromium; .ci/run does) or set CHROMIUM", chromium)
        .isTrue();
    assertThat(SCRIPTS.resolve("node_modules/playwright-core"))
        .as("the browser test's packages are not installed: run `npm ci --prefix src/test/console` (.ci/run does)")
        .isDirectory();

    FakeTarget slow = deploy(new FakeTarget().behave((request, attempt) -> Reply.json(200, "{}").after(100)));
    FakeTarget stuck = deploy(new FakeTarget().behave((request, attempt) -> Reply.json(200, "{}").after(2000)));
    FakeTarget broken = deploy(new FakeTarget().respond(503, "{\"down\":true}"));
    FakeTarget rejecting = deploy(new FakeTarget().respond(422, "{\"why\":\"unknown user\"}"));
    int port = Ports.free();
    Path config = dir.resolve("config.json");
    Files.writeString(config, new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
        .put("demoReceiver", new JsonObject().put("enabled", false))
        // Two senders with two connections each: the slow target takes a 200-message job in about 5 s.
        .put("senders", new JsonObject().put("instances", 2).put("maxConnectionsPerTarget", 2))
        .put("auth", new JsonObject().put("apiKeys", new JsonArray().add(API_KEY)))
        .put("shutdown", new JsonObject().put("drainMs", 3000))
        .put("targets", new JsonObject()
            .put("slow", target(slow, 1))
            .put("stuck", target(stuck, 1))
            // Open after three failures, and stay open for the rest of the test.
            .put("broken", target(broken, 1).put("circuitBreaker", new JsonObject().put("maxFailures", 3)
                .put("resetTimeoutMs", 600_000)))
            .put("rejecting", target(rejecting, 1)))
        .encode());
    gateway = JarProcess.start(List.of(), config, Map.of());
    gateway.awaitLine("Pushgate listening");

    Files.createDirectories(SCREENSHOTS);
    ProcessBuilder script = new ProcessBuilder("node", "console.e2e.mjs").directory(SCRIPTS.toFile())
        .redirectErrorStream(true)
        .redirectOutput(SCREENSHOTS.resolve("console.e2e.log").toFile());
    script.environment().put("PUSHGATE_URL", "http://127.0.0.1:" + port);
    script.environment().put("PUSHGATE_API_KEY", API_KEY);
    script.environment().put("SCREENSHOTS", SCREENSHOTS.toAbsolutePath().toString());
    script.environment().put("CHROMIUM", chromium.toString());
    Process run = script.start();
    boolean ended = run.waitFor(SCRIPT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      run.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
    }
    String log = Files.readString(SCREENSHOTS.resolve("console.e2e.log"));
    assertThat(ended).as("the browser script ended within %d s:%n%s", SCRIPT_SECONDS, log).isTrue();
    assertThat(run.exitValue()).as("the browser script's checks:%n%s", log).isZero();
  }

  private FakeTarget deploy(FakeTarget target) throws Exception {
    vertx.deployVerticle(target).await(10, TimeUnit.SECONDS);
    return target;
  }

  private static JsonObject target(FakeTarget target, int maxAttempts) {
    return new JsonObject().put("url", target.url()).put("timeoutMs", 10_000).put("maxAttempts", maxAttempts);
  }
}
