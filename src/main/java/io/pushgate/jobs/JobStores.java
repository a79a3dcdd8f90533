package io.pushgate.jobs;

import io.pushgate.config.JobsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;

/** Opens the job store {@code jobs.store.url} names: the embedded SQLite file or a PostgreSQL database. */
public final class JobStores {

  /**
   * sqlite-jdbc applies these to every connection it opens. WAL with {@code synchronous=FULL} makes a commit durable
   * once it returns (what commitIntake promises); the busy timeout covers a backup tool holding the file a moment.
   */
  static final String SQLITE_PRAGMAS = "?journal_mode=WAL&synchronous=FULL&busy_timeout=10000";

  /**
   * Store calls waiting for a connection, per node: far more than the runner, the intakes and the event streams ask
   * at once, so that reaching it means the store has stopped answering, and callers learn it at once.
   */
  static final int MAX_WAITING = 10_000;

  private JobStores() {
  }

  /** The store, not yet migrated; its pool is created, no connection is made yet. */
  public static JobStore open(Vertx vertx, JobsConfig config) {
    if (config.postgres()) {
      PgConnectOptions options = PgConnectOptions.fromUri(config.storeUrl());
      Pool pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(config.storeMaxConnections()).setMaxWaitQueueSize(MAX_WAITING))
          .connectingTo(options)
          .using(vertx)
          .build();
      return new SqlJobStore(vertx, pool, SqlDialect.POSTGRESQL, Future::succeededFuture,
          new WorkAnnouncements(vertx, options));
    }
    String file = config.sqliteFile();
    // One connection: SQLite has one writer, and the JDBC client runs each connection's work on a worker thread.
    Pool pool = JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl("jdbc:sqlite:" + file + SQLITE_PRAGMAS)
        .setExtraConfig(new JsonObject().put("decoderCls", SqliteColumnDecoder.class.getName())),
        new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(MAX_WAITING));
    Path folder = Path.of(file).toAbsolutePath().getParent();
    return new SqlJobStore(vertx, pool, SqlDialect.SQLITE,
        () -> folder == null ? Future.succeededFuture() : vertx.fileSystem().mkdirs(folder.toString()), null);
  }
}
