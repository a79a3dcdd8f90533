package io.pushgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pushgate.support.Ports;
import io.pushgate.support.TestPostgres;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The job store on a real PostgreSQL server ({@link TestPostgres}), in a database of its own per test. */
@DisplayName("The job store on PostgreSQL")
class PostgresJobStoreTest extends JobStoreContract {

  @Override
  String newStoreUrl(Vertx vertx) throws Exception {
    return TestPostgres.newDatabaseUrl(vertx);
  }

  @Test
  @DisplayName("an announcement wakes the listener of another node's store")
  void notifyWakesAnotherStore() throws Exception {
    SqlJobStore other = open(url);
    try {
      Promise<Void> woken = Promise.promise();
      other.onWorkAnnounced(v -> woken.tryComplete());
      // The listener connects in the background: announce until it hears one.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!woken.future().isComplete()) {
        assertThat(System.nanoTime()).as("heard within 10 s").isLessThan(deadline);
        await(store.announceWork());
        await(pause(50));
      }
    } finally {
      await(other.close());
    }
  }

  @Test
  @DisplayName("postgres:// names PostgreSQL too")
  void shortScheme() throws Exception {
    SqlJobStore other = open(url.replaceFirst("^postgresql://", "postgres://"));
    try {
      await(other.migrate());
      await(other.ping());
    } finally {
      await(other.close());
    }
  }

  @Test
  @DisplayName("a server that does not answer makes the store unavailable")
  void closedPort() throws Exception {
    JobStore down = open("postgresql://pushgate:pushgate@127.0.0.1:" + Ports.free() + "/jobs");
    try {
      assertThatThrownBy(() -> await(down.migrate())).isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> await(down.ping())).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("ping");
    } finally {
      await(down.close());
    }
  }
}
