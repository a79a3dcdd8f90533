package io.pushgate.support;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests: started once per test JVM, on first use, from the {@code initdb} and
 * {@code pg_ctl} on the PATH or in {@code /usr/lib/postgresql/<version>/bin}, listening on a free loopback port,
 * with its data in a temporary folder, and stopped ({@code -m immediate}) when the JVM exits. PostgreSQL refuses to
 * run as root, so as root (a container, CI) it runs as {@code nobody}. Set {@code PUSHGATE_TEST_POSTGRES_URL} to an
 * existing server's admin URL ({@code postgresql://user:password@host:port/postgres}) to use that one instead.
 * Each {@link #newDatabaseUrl} is a fresh database, so tests never see each other's jobs.
 */
public final class TestPostgres {

  private static final String USER = "pushgate";
  private static final String PASSWORD = "pushgate";
  private static final long COMMAND_TIMEOUT_S = 60;
  private static String adminUrl;

  private TestPostgres() {
  }

  /** The URL of a new, empty database; blocks, so call it on the test's thread. */
  public static String newDatabaseUrl(Vertx vertx) throws Exception {
    PgConnectOptions admin = PgConnectOptions.fromUri(adminUrl());
    String database = "test_" + UUID.randomUUID().toString().replace("-", "");
    PgConnection connection = PgConnection.connect(vertx, admin).await(30, TimeUnit.SECONDS);
    try {
      connection.query("CREATE DATABASE " + database).execute().await(30, TimeUnit.SECONDS);
    } finally {
      connection.close().await(30, TimeUnit.SECONDS);
    }
    return "postgresql://" + encode(admin.getUser()) + ":" + encode(admin.getPassword()) + "@" + admin.getHost()
        + ":" + admin.getPort() + "/" + database;
  }

  private static String encode(String part) {
    return URLEncoder.encode(part == null ? "" : part, StandardCharsets.UTF_8);
  }

  private static synchronized String adminUrl() throws IOException, InterruptedException {
    if (adminUrl == null) {
      String given = System.getenv("PUSHGATE_TEST_POSTGRES_URL");
      adminUrl = given != null && !given.isBlank() ? given : start();
    }
    return adminUrl;
  }

  private static String start() throws IOException, InterruptedException {
    Path bin = binaries();
    Path dir = Files.createTempDirectory("pushgate-pg-");
    Path data = dir.resolve("data");
    List<String> asUser = new ArrayList<>();
    if (run(List.of("id", "-u")).strip().equals("0")) {
      run(List.of("chown", "-R", "nobody", dir.toString()));
      asUser.addAll(List.of("runuser", "-u", "nobody", "--"));
    }
    Path password = dir.resolve("password");
    Files.writeString(password, PASSWORD);
    if (!asUser.isEmpty()) {
      run(List.of("chown", "nobody", password.toString()));
    }
    run(concat(asUser, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile",
        password.toString(), "-A", "trust", "-E", "UTF8", "--locale=C", "--no-instructions"));
    int port = Ports.free();
    List<String> pgCtl = concat(asUser, bin.resolve("pg_ctl").toString(), "-D", data.toString());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(pgCtl, dir), "test-postgres-stop"));
    // fsync stays on: the tests run the store as production does.
    Path log = dir.resolve("server.log");
    try {
      run(concat(pgCtl, "-l", log.toString(), "-w", "-t", "30", "-o", "-p " + port
          + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir + " -c max_connections=200", "start"));
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "; the server's log: "
          + (Files.exists(log) ? Files.readString(log) : "(none)"), e);
    }
    return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/postgres";
  }

  private static void stop(List<String> pgCtl, Path dir) {
    try {
      run(concat(pgCtl, "-w", "-t", "30", "-m", "immediate", "stop"));
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    } catch (IOException | InterruptedException | IllegalStateException e) {
      // At exit, nothing is left to tell: the temporary folder is all that stays behind.
    }
  }

  /** The folder of {@code initdb} and {@code pg_ctl}: the PATH's, or Debian's newest version's. */
  private static Path binaries() throws IOException {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, "initdb"))) {
        return Path.of(folder);
      }
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        List<Path> found = versions.map(version -> version.resolve("bin"))
            .filter(folder -> Files.isExecutable(folder.resolve("initdb")))
            .sorted(Comparator.comparingInt((Path folder) -> version(folder.getParent().getFileName().toString()))
                .reversed())
            .toList();
        if (!found.isEmpty()) {
          return found.get(0);
        }
      }
    }
    throw new IllegalStateException("PostgreSQL's initdb is neither on the PATH nor in /usr/lib/postgresql/*/bin:"
        + " install PostgreSQL (apt-get install postgresql) or set PUSHGATE_TEST_POSTGRES_URL");
  }

  private static int version(String name) {
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static List<String> concat(List<String> prefix, String... more) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(List.of(more));
    return all;
  }

  /**
   * Runs a command to its end, within a bounded time, and returns its output. The output goes to a file, not a
   * pipe: a server the command starts could otherwise hold the pipe open after the command ends.
   */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Path output = Files.createTempFile("pushgate-pg-command-", ".log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("`" + String.join(" ", command) + "` did not end within "
            + COMMAND_TIMEOUT_S + " s; its output: " + Files.readString(output));
      }
      String text = Files.readString(output);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("`" + String.join(" ", command) + "` failed with exit code "
            + process.exitValue() + "; its output: " + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
