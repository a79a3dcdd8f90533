package io.pushgate.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The local APNs stand-in ({@code src/test/apns/apns-stand-in.mjs}, Node's own HTTP/2 server and crypto, no code of
 * Pushgate's) run as a child process: HTTP/2 over TLS only, with a throwaway certificate made by openssl and an APNs
 * signing key made by the JDK, whose public half the stand-in verifies every provider token with. See the script for
 * what it checks and how a device token's first digits choose its answer.
 *
 * <p>Blocking: start it, ask it and close it on the JUnit thread, never on an event loop. It exits when this JVM
 * does (its stdin closes).
 */
public final class ApnsStandIn implements AutoCloseable {

  public static final String TEAM_ID = "TEAM123456";
  public static final String KEY_ID = "KEY1234567";
  public static final String TOPIC = "com.example.app";
  /** A second topic the stand-in takes, for a message that names its own. */
  public static final String VOIP_TOPIC = "com.example.app.voip";
  private static final Path SCRIPT = Path.of("src/test/apns/apns-stand-in.mjs");

  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final int port;
  private final Path certPath;
  private final Path signingKeyPath;

  private ApnsStandIn(Process process, Path certPath, Path signingKeyPath) throws InterruptedException {
    this.process = process;
    this.certPath = certPath;
    this.signingKeyPath = signingKeyPath;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    daemon("apns-stand-in-out", () -> readLines(new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), replies));
    daemon("apns-stand-in-err", () -> readLines(new BufferedReader(
        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), errors));
    this.port = reply("listening", 20).getInteger("listening");
  }

  /** Starts a stand-in allowing 100 streams per connection, its files in {@code dir}. */
  public static ApnsStandIn start(Path dir) {
    return start(dir, 100, false);
  }

  /**
   * Starts a stand-in that allows {@code maxStreams} concurrent streams per connection; with {@code throttle}, only
   * 1 until a connection's first accepted notification and again after each refusal, as APNs does.
   */
  public static ApnsStandIn start(Path dir, int maxStreams, boolean throttle) {
    requireNode();
    try {
      Path cert = dir.resolve("apns-cert.pem");
      Path tlsKey = dir.resolve("apns-tls-key.pem");
      run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
          "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
          "-keyout", tlsKey.toString(), "-out", cert.toString()));
      KeyPair signing = TestKeys.ec("secp256r1");
      Path p8 = TestKeys.write(dir.resolve("AuthKey_" + KEY_ID + ".p8"), signing.getPrivate());
      Path publicKey = TestKeys.write(dir.resolve("apns-public.pem"), signing.getPublic());
      Process node = new ProcessBuilder("node", SCRIPT.toString(), "--port", "0", "--cert", cert.toString(),
          "--key", tlsKey.toString(), "--jwt-key", publicKey.toString(), "--team-id", TEAM_ID, "--key-id", KEY_ID,
          "--topics", TOPIC + "," + VOIP_TOPIC, "--max-streams", String.valueOf(maxStreams),
          "--throttle", String.valueOf(throttle)).start();
      return new ApnsStandIn(node, cert, p8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Fails with a clear message when {@code node} cannot run: the stand-in needs Node.js 18 or newer. */
  public static void requireNode() {
    try {
      Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!version.waitFor(20, TimeUnit.SECONDS) || version.exitValue() != 0) {
        throw new AssertionError("'node --version' failed (" + text + "): the APNs stand-in needs Node.js 18+");
      }
    } catch (IOException notInstalled) {
      throw new AssertionError("the APNs tests need Node.js 18+ ('node' on the PATH) for their local APNs "
          + "stand-in, src/test/apns/apns-stand-in.mjs; .ci/run installs it (apt-get install nodejs)", notInstalled);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code https://127.0.0.1:<port>}: the target's {@code url}. */
  public String url() {
    return "https://127.0.0.1:" + port;
  }

  /** The stand-in's certificate: the target's {@code trustStore.path}. */
  public String certPath() {
    return certPath.toString();
  }

  /** The {@code .p8} signing key whose public half the stand-in checks tokens with: {@code apns.keyPath}. */
  public String signingKeyPath() {
    return signingKeyPath.toString();
  }

  /**
   * The target config of an {@code apns} target at this stand-in, with the test's short backoff and no breaker:
   * {@link TestConfigs#target} plus {@code kind}, {@code apns} and {@code trustStore}.
   */
  public JsonObject target() {
    return TestConfigs.target(url()).put("kind", "apns")
        .put("apns", new JsonObject().put("teamId", TEAM_ID).put("keyId", KEY_ID).put("keyPath", signingKeyPath())
            .put("topic", TOPIC))
        .put("trustStore", new JsonObject().put("path", certPath()));
  }

  /** Connections, streams, the most streams at once on one connection, tokens seen, answers, violations. */
  public JsonObject stats() {
    return ask("stats").getJsonObject("stats");
  }

  /** The requests received, in order (at most 10,000): path, apns-* headers, body, status and reason answered. */
  public JsonArray requests() {
    return ask("requests").getJsonArray("requests");
  }

  /** From now on, every provider token seen so far is answered 403 ExpiredProviderToken. */
  public void expireTokensSeen() {
    ask("expire");
  }

  private synchronized JsonObject ask(String command) {
    try {
      commands.write(command + "\n");
      commands.flush();
      return reply(command, 20);
    } catch (IOException e) {
      throw new AssertionError("the APNs stand-in is gone: " + String.join("\n", errors), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private JsonObject reply(String waitingFor, int seconds) throws InterruptedException {
    String line = replies.poll(seconds, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("no answer to '" + waitingFor + "' from the APNs stand-in within " + seconds
          + " s; alive: " + process.isAlive() + "; its errors:\n" + String.join("\n", errors));
    }
    return new JsonObject(line);
  }

  @Override
  public void close() throws InterruptedException {
    try {
      commands.close();
    } catch (IOException alreadyGone) {
      // It exited already.
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Reads {@code reader} into {@code into}, a thread-safe collection, until the process ends. */
  private static void readLines(BufferedReader reader, Collection<String> into) {
    try (reader) {
      reader.lines().forEach(into::add);
    } catch (IOException | UncheckedIOException ended) {
      // The process ended.
    }
  }
}
