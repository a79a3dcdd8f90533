package io.pushgate.config;

import io.vertx.core.json.JsonObject;

/**
 * Durable push jobs ({@code jobs.*}).
 *
 * @param enabled whether the job API, its runner and its store are on
 * @param storeUrl {@code sqlite:<file>} (embedded, one node) or {@code postgresql://user:password@host:port/db}
 *     (several nodes sharing the work); may hold a password, so it is never logged
 * @param storeMaxConnections connections to PostgreSQL per node (SQLite always writes through one)
 * @param maxMessages the most messages one job may hold
 * @param retentionHours how long a finished job and its results are kept, in hours
 * @param maxInFlight job messages this node holds in its senders at once, across jobs and targets
 * @param claimBatch the most messages taken from the store in one claim
 * @param leaseMs how long a claim holds its messages before other nodes may take them over, renewed while the node
 *     works; in milliseconds
 * @param pollMs how often the runner looks for work when nothing wakes it, in milliseconds
 */
public record JobsConfig(boolean enabled, String storeUrl, int storeMaxConnections, int maxMessages,
                         int retentionHours, int maxInFlight, int claimBatch, int leaseMs, int pollMs) {

  public static final String SQLITE_PREFIX = "sqlite:";

  /** Reads a section checked by {@link ConfigValidator}. */
  public static JobsConfig fromJson(JsonObject json) {
    JsonObject store = json.getJsonObject("store");
    return new JobsConfig(json.getBoolean("enabled"), store.getString("url"), store.getInteger("maxConnections"),
        json.getInteger("maxMessages"), json.getInteger("retentionHours"), json.getInteger("maxInFlight"),
        json.getInteger("claimBatch"), json.getInteger("leaseMs"), json.getInteger("pollMs"));
  }

  /** Whether {@code url} names a PostgreSQL database. */
  public static boolean isPostgresUrl(String url) {
    return url.startsWith("postgresql://") || url.startsWith("postgres://");
  }

  /** Whether the store is PostgreSQL (else the embedded SQLite file). */
  public boolean postgres() {
    return isPostgresUrl(storeUrl);
  }

  /** The SQLite file's path; only when not {@link #postgres()}. */
  public String sqliteFile() {
    return storeUrl.substring(SQLITE_PREFIX.length());
  }

  /** What the start-up line shows of the store: its kind and, for SQLite, its file; never a password. */
  public String storeKind() {
    return postgres() ? "postgresql" : "sqlite " + sqliteFile();
  }

  @Override
  public String toString() {
    return "JobsConfig[enabled=" + enabled + ", store=" + storeKind() + ", maxMessages=" + maxMessages + "]";
  }
}
