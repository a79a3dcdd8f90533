package io.pushgate.jobs;

import io.pushgate.config.JobsConfig;
import io.vertx.core.Vertx;

/** Opens the job store {@code jobs.store.url} names: the embedded SQLite file or a PostgreSQL database. */
public final class JobStores {

  private JobStores() {
  }

  /** The store, not yet migrated; its pool is created, no connection is made yet. */
  public static JobStore open(Vertx vertx, JobsConfig config) {
    throw new UnsupportedOperationException("written by the store change");
  }
}
