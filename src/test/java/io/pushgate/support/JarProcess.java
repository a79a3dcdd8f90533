package io.pushgate.support;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The fat jar run as users do, {@code java -jar target/pushgate.jar -conf FILE}, with its output read line by line.
 * For failsafe tests, which run after {@code package}; no {@code PUSHGATE_*} variable of the build leaks in.
 */
public final class JarProcess {

  private static final String JAR = "target/pushgate.jar";
  /** The variable that sets {@code jobs.store.url}: a test that chooses its job store passes it. */
  public static final String JOBS_STORE_ENV = "PUSHGATE_JOBS_STORE_URL";

  private final Process process;
  private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private final List<String> everything = new CopyOnWriteArrayList<>();
  private final CountDownLatch ended = new CountDownLatch(1);

  private JarProcess(Process process) {
    this.process = process;
  }

  /** Starts the jar with {@code jvmArgs}, the config file and extra environment variables. */
  public static JarProcess start(List<String> jvmArgs, Path config, Map<String, String> env) throws IOException {
    return start(jvmArgs, config, env, List.of());
  }

  /** Starts the jar as {@link #start(List, Path, Map)} does, with {@code args} after {@code -conf FILE}. */
  public static JarProcess start(List<String> jvmArgs, Path config, Map<String, String> env, List<String> args)
      throws IOException {
    List<String> all = new ArrayList<>(List.of("-conf", config.toString()));
    all.addAll(args);
    return startIn(Path.of("").toAbsolutePath(), jvmArgs, env, all);
  }

  /** Starts the jar in the working directory {@code dir}, with {@code args} alone (no {@code -conf} added). */
  public static JarProcess startIn(Path dir, List<String> jvmArgs, Map<String, String> env, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmArgs);
    command.addAll(List.of("-jar", Path.of(JAR).toAbsolutePath().toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("PUSHGATE_"));
    // A job store of its own, unless the test names one: no two jars, nor two runs, share a SQLite file.
    builder.environment().put(JOBS_STORE_ENV, "sqlite:" + TestConfigs.newSqliteFile());
    builder.environment().putAll(env);
    JarProcess jar = new JarProcess(builder.start());
    Thread reader = new Thread(jar::readOutput, "gateway-output");
    reader.setDaemon(true);
    reader.start();
    return jar;
  }

  public Process process() {
    return process;
  }

  /** The next output line holding {@code fragment}, read within 30 s; fails with every line seen. */
  public String awaitLine(String fragment) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String line = output.poll(1, TimeUnit.SECONDS);
      if (line != null) {
        seen.add(line);
        if (line.contains(fragment)) {
          return line;
        }
      }
    }
    throw new AssertionError("no output line containing '" + fragment + "' in:\n" + String.join("\n", seen));
  }

  /**
   * Every line the process wrote, once it has exited (within 30 s) and its output has ended; the lines
   * {@link #awaitLine} read included.
   */
  public List<String> allOutput() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS) || !ended.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the process did not end; its output so far:\n" + String.join("\n", everything));
    }
    return List.copyOf(everything);
  }

  /** Every line read by {@link #awaitLine} so far. */
  public List<String> seen() {
    return List.copyOf(seen);
  }

  /** POSTs {@code body} to {@code POST /v1/push} of the jar serving HTTP on 127.0.0.1:{@code port}. */
  public static CompletableFuture<HttpResponse<String>> push(int port, JsonObject body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/push"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
        .build();
    return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** SIGTERM, as an orchestrator stops it; true when it exited within 20 s, else it is killed (SIGKILL). */
  public boolean stop() throws InterruptedException {
    if (!process.isAlive()) {
      return true;
    }
    // Through the handle: Process.destroy() would also close the pipe the output is read from.
    process.toHandle().destroy();
    if (process.waitFor(20, TimeUnit.SECONDS)) {
      return true;
    }
    // A gateway that ignores SIGTERM must not outlive the test, eating the machine the next tests run on.
    process.toHandle().destroyForcibly();
    return false;
  }

  private void readOutput() {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      lines.lines().forEach(line -> {
        everything.add(line);
        output.add(line);
      });
    } catch (IOException | UncheckedIOException closed) {
      // The process ended; its output ends with it.
    } finally {
      ended.countDown();
    }
  }
}
