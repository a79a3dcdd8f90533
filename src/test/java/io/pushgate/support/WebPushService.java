package io.pushgate.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A local Web Push service in a process of its own, {@code src/test/python/webpush_service.py}: it decrypts every
 * push and verifies every VAPID token with Debian's {@code python3-cryptography} and {@code python3-jwt}, code that
 * is not Pushgate's. Debian's own {@code /usr/bin/python3} runs it, which has those packages ({@code .ci/run}
 * installs them).
 */
public final class WebPushService implements AutoCloseable {

  private static final String PYTHON = "/usr/bin/python3";
  private static final long START_TIMEOUT_MS = 15_000;

  private final Process process;
  private final WebClient client;
  private final int port;

  private WebPushService(Process process, WebClient client, int port) {
    this.process = process;
    this.client = client;
    this.port = port;
  }

  /** Starts the service; it accepts VAPID tokens signed by the key whose public half is {@code vapidPublicKey}. */
  public static WebPushService start(Vertx vertx, String vapidPublicKey) throws Exception {
    Path dir = Files.createTempDirectory("pushgate-webpush");
    Path portFile = dir.resolve("port");
    Path log = dir.resolve("service.log");
    Process process = new ProcessBuilder(PYTHON, Path.of("src/test/python/webpush_service.py").toString(),
        portFile.toString(), vapidPublicKey).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      int port = waitForPort(vertx, process, portFile).await(START_TIMEOUT_MS + 1000, TimeUnit.MILLISECONDS);
      return new WebPushService(process, WebClient.create(vertx), port);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("the Web Push stand-in did not start (" + PYTHON
          + " with python3-cryptography and python3-jwt is needed): " + Files.readString(log), e);
    }
  }

  /** The origin to allow in the target's {@code allowedOrigins}. */
  public String origin() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * A new subscription whose pushes are answered with {@code answers} in turn, then {@code then} for good:
   * {@code {"endpoint", "keys": {"p256dh", "auth"}}}.
   */
  public Future<JsonObject> subscribe(JsonArray answers, int then) {
    return client.post(port, "127.0.0.1", "/subscriptions")
        .sendJsonObject(new JsonObject().put("answers", answers).put("then", then))
        .map(response -> response.bodyAsJsonObject());
  }

  /** Every push received so far, in order, as the service read it. */
  public Future<JsonArray> received() {
    return client.get(port, "127.0.0.1", "/received").send().map(response -> response.bodyAsJsonArray());
  }

  @Override
  public void close() throws InterruptedException {
    client.close();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** The port the service wrote, looked for through Vert.x's file system every 50 ms. */
  private static Future<Integer> waitForPort(Vertx vertx, Process process, Path portFile) {
    Promise<Integer> port = Promise.promise();
    long started = System.currentTimeMillis();
    vertx.setPeriodic(50, timer -> vertx.fileSystem().exists(portFile.toString()).onSuccess(exists -> {
      if (exists) {
        vertx.cancelTimer(timer);
        vertx.fileSystem().readFile(portFile.toString())
            .onSuccess(bytes -> port.tryComplete(Integer.parseInt(bytes.toString().trim())))
            .onFailure(port::tryFail);
      } else if (!process.isAlive() || System.currentTimeMillis() - started > START_TIMEOUT_MS) {
        vertx.cancelTimer(timer);
        port.tryFail(new IOException(process.isAlive() ? "no port within " + START_TIMEOUT_MS + " ms"
            : "the process ended with " + process.exitValue()));
      }
    }));
    return port.future();
  }
}
