package io.pushgate.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Brings a store's schema to the version this build knows: the files {@code db/<dialect>/V<n>__<name>.sql} on the
 * class path, applied in order in one transaction, each recorded in {@code schema_version}.
 */
final class SchemaMigration {

  /** The schema files this build knows, oldest first; a new one is appended, never edited once released. */
  static final List<String> VERSIONS = List.of("V1__jobs", "V2__token_invalid", "V3__claim_cursor");

  private final Vertx vertx;
  private final SqlDialect dialect;
  private final JobSql sql;

  SchemaMigration(Vertx vertx, SqlDialect dialect, JobSql sql) {
    this.vertx = vertx;
    this.dialect = dialect;
    this.sql = sql;
  }

  /**
   * Migrates, then runs {@code afterwards} in the same transaction. Fails when the store's schema is newer than
   * this build's.
   */
  Future<Void> migrate(Pool pool, List<String> afterwards) {
    List<Future<Buffer>> files = VERSIONS.stream()
        .map(name -> vertx.fileSystem().readFile("db/" + dialect.schemaDir() + "/" + name + ".sql"))
        .collect(Collectors.toList());
    return Future.all(files).compose(read -> pool.withTransaction(conn -> {
      return runAll(conn, dialect.migrationSetup())
          .compose(v -> conn.query(sql.createSchemaVersion).execute())
          .compose(v -> conn.query(sql.schemaVersion).execute())
          .compose(rows -> {
            Integer current = rows.iterator().next().getInteger("version");
            return apply(conn, current == null ? 0 : current, files.stream().map(Future::result).toList());
          })
          .compose(v -> runAll(conn, afterwards));
    }));
  }

  private Future<Void> apply(SqlConnection conn, int current, List<Buffer> scripts) {
    if (current > VERSIONS.size()) {
      return Future.failedFuture(new IllegalStateException("the job store's schema is version " + current
          + ", newer than this build knows (" + VERSIONS.size() + "): run a newer Pushgate against it"));
    }
    Future<Void> chain = Future.succeededFuture();
    for (int version = current + 1; version <= VERSIONS.size(); version++) {
      int applied = version;
      List<String> statements = statements(scripts.get(version - 1).toString());
      chain = chain
          .compose(v -> runAll(conn, statements))
          .compose(v -> SqlTemplate.forUpdate(conn, sql.addSchemaVersion).execute(Map.of("version", applied)))
          .mapEmpty();
    }
    return chain;
  }

  private static Future<Void> runAll(SqlConnection conn, List<String> statements) {
    Future<Void> chain = Future.succeededFuture();
    for (String statement : statements) {
      chain = chain.compose(v -> conn.query(statement).execute()).mapEmpty();
    }
    return chain;
  }

  /**
   * A script's statements: one at a time, because a JDBC statement runs only the first of several. Comment lines go;
   * a statement ends with a {@code ;} at the end of a line (the schema files hold no other).
   */
  static List<String> statements(String script) {
    String code = Arrays.stream(script.split("\n"))
        .filter(line -> !line.strip().startsWith("--"))
        .collect(Collectors.joining("\n"));
    List<String> statements = new ArrayList<>();
    for (String statement : code.split(";\\s*(\n|$)")) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return statements;
  }
}
