package io.pushgate.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A load driver in another language, in a process of its own that lives as long as the load generator: the undici
 * row's node script and the old-client rows' Python script. Each run is one JSON line on the driver's stdin,
 * {@code {"port":P,"path":"/push","messages":N,"firstSeq":S}}, answered by one line on its stdout,
 * {@code {"messages":N,"elapsedNanos":E,"errors":K,"p50":µs,"p99":µs,"p999":µs}}, timed by the driver around its
 * own calls. The driver exits when its stdin ends, so it cannot outlive the load generator even if this JVM is
 * killed; its stderr goes to {@code log}. Used from the load generator's main thread only.
 */
final class ExternalDriver implements AutoCloseable {

  private static final long EXIT_WAIT_SECONDS = 5;

  private final String name;
  private final Process process;
  private final ObservedProcess observed;
  private final Writer commands;
  private final BufferedReader answers;

  private ExternalDriver(String name, Process process) {
    this.name = name;
    this.process = process;
    this.observed = new ObservedProcess(process.pid());
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts {@code command} with its stderr appended to {@code log}. */
  static ExternalDriver start(String name, List<String> command, File log) {
    try {
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log)).start();
      ExternalDriver driver = new ExternalDriver(name, process);
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      return driver;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the " + name + " driver " + command, e);
    }
  }

  /** The driver's process, for its CPU time. */
  ObservedProcess process() {
    return observed;
  }

  /** Has the driver send {@code messages} messages to 127.0.0.1:{@code port}{@code path}; blocks until it answers. */
  Measurement run(int port, String path, long messages, long firstSeq) {
    JsonObject command = new JsonObject().put("port", port).put("path", path).put("messages", messages)
        .put("firstSeq", firstSeq);
    String answer;
    try {
      commands.write(command.encode() + "\n");
      commands.flush();
      answer = answers.readLine();
    } catch (IOException e) {
      throw new IllegalStateException("the " + name + " driver failed", e);
    }
    if (answer == null) {
      throw new IllegalStateException("the " + name + " driver exited (see its log)");
    }
    JsonObject result = new JsonObject(answer);
    Percentiles latency = new Percentiles(result.getLong("p50"), result.getLong("p99"), result.getLong("p999"));
    return new Measurement(result.getLong("messages"), result.getLong("elapsedNanos"), result.getLong("errors"), null,
        latency);
  }

  /** Ends the driver's stdin, which ends it; kills it if it is still there after a few seconds. */
  @Override
  public void close() {
    try {
      commands.close();
      if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
