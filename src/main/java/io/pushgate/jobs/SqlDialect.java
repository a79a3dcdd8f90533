package io.pushgate.jobs;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * What differs between the two stores' SQL: the database clock in epoch milliseconds, row locks, the lock that
 * serialises migrations, how a blob travels through the driver, and how claims are kept.
 */
enum SqlDialect {

  /**
   * The embedded file: one process and one connection, so no row locks and no migration lock are needed, and fresh
   * messages are claimed by their job's cursor (see {@link #claimsByCursor}).
   */
  SQLITE("sqlite", "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)", "", "", List.of()),

  /** Shared by several nodes: claims skip rows another node has locked, migrations take an advisory lock. */
  POSTGRESQL("postgresql", "(extract(epoch from now()) * 1000)::bigint", " FOR UPDATE", " FOR UPDATE SKIP LOCKED",
      // Any constant of ours: two nodes starting at once migrate one after the other. Then no NOTICE (logged as a
      // warning by the client) that schema_version exists already, at every start.
      List.of("SELECT pg_advisory_xact_lock(7311004)", "SET LOCAL client_min_messages TO warning"));

  private final String schemaDir;
  private final String nowMs;
  private final String forUpdate;
  private final String skipLocked;
  private final List<String> migrationSetup;

  SqlDialect(String schemaDir, String nowMs, String forUpdate, String skipLocked, List<String> migrationSetup) {
    this.schemaDir = schemaDir;
    this.nowMs = nowMs;
    this.forUpdate = forUpdate;
    this.skipLocked = skipLocked;
    this.migrationSetup = migrationSetup;
  }

  /**
   * Whether a job hands out its messages never put back by a cursor ({@code jobs.claimed_through}) instead of
   * writing each one's claim and lease: only where one process owns the store, which gives back what the cursor
   * held by setting it back at start-up. A claim written per message costs a row update each, as much again as the
   * outcome's.
   */
  boolean claimsByCursor() {
    return this == SQLITE;
  }

  /** The folder of this store's schema files under {@code db/} on the class path. */
  String schemaDir() {
    return schemaDir;
  }

  /**
   * Fills a statement's placeholders: {@code {now}} (the database's clock in epoch milliseconds; PostgreSQL's is
   * the transaction's start, the same for every row a statement touches), {@code {forUpdate}} and
   * {@code {skipLocked}}.
   */
  String render(String sql) {
    return sql.replace("{now}", nowMs).replace("{forUpdate}", forUpdate).replace("{skipLocked}", skipLocked);
  }

  /** What a migration's transaction runs first: the lock that serialises migrations, where one is needed. */
  List<String> migrationSetup() {
    return migrationSetup;
  }

  /** A blob as a parameter: sqlite-jdbc cannot create JDBC {@code Blob}s, which the JDBC client makes of a Buffer. */
  Object blob(Buffer bytes) {
    if (bytes == null) {
      return null;
    }
    return this == SQLITE ? bytes.getBytes() : bytes;
  }

  /** A blob column's value as read: {@code byte[]} from JDBC, a Buffer from the PostgreSQL client. */
  static Buffer buffer(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof byte[] bytes ? Buffer.buffer(bytes) : (Buffer) value;
  }
}
