package io.pushgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pushgate.support.Ports;
import io.pushgate.support.TestPostgres;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The job store on a real PostgreSQL server ({@link TestPostgres}), in a database of its own per test; with the
 * leases of nodes that share it, which SQLite (one process) does without.
 */
@DisplayName("The job store on PostgreSQL")
class PostgresJobStoreTest extends JobStoreContract {

  @Override
  String newStoreUrl(Vertx vertx) throws Exception {
    return TestPostgres.newDatabaseUrl(vertx);
  }

  @Test
  @DisplayName("each claim holds its messages under its own lease, renewed by its claim id")
  void leasesAreRenewedPerClaim() throws Exception {
    String jobId = job("t1", 5);
    await(store.claim(jobId, "c1", 2, LONG_LEASE_MS));
    await(store.claim(jobId, "c2", 10, LONG_LEASE_MS));
    assertThat(await(store.renewLeases("c1", LONG_LEASE_MS))).isEqualTo(2);
    assertThat(await(store.renewLeases("c2", LONG_LEASE_MS))).isEqualTo(3);
    assertThat(await(store.renewLeases("nobody", LONG_LEASE_MS))).isZero();
  }

  @Test
  @DisplayName("a node never reclaims its own expired claims: their outcomes are on their way")
  void ownClaimsAreNotReclaimed() throws Exception {
    String mine = job("t1", 1);
    String theirs = job("t1", 1);
    assertThat(await(store.claim(mine, "self", 1, 100))).hasSize(1);
    assertThat(await(store.claim(theirs, "dead", 1, 100))).hasSize(1);
    assertThat(eventually(() -> store.reclaimExpiredLeases("self"), reclaimed -> reclaimed > 0)).isEqualTo(1);
    assertThat(await(store.renewLeases("self", LONG_LEASE_MS))).as("still held").isEqualTo(1);
    assertThat(await(store.renewLeases("dead", LONG_LEASE_MS))).isZero();
  }

  @Test
  @DisplayName("messages whose lease ran out go back to waiting, and the old claim writes nothing")
  void expiredLeasesAreReclaimed() throws Exception {
    String jobId = job("t1", 3);
    assertThat(await(store.claim(jobId, "dead", 2, 100))).hasSize(2);
    assertThat(await(store.reclaimExpiredLeases("another"))).isZero();
    assertThat(eventually(() -> store.reclaimExpiredLeases("another"), reclaimed -> reclaimed > 0)).isEqualTo(2);
    assertThat(await(store.renewLeases("dead", LONG_LEASE_MS))).isZero();
    List<ClaimedMessage> again = await(store.claim(jobId, "alive", 10, LONG_LEASE_MS));
    assertThat(indexes(again)).containsExactly(0, 1, 2);

    await(store.record(jobId, "dead", List.of(delivered(0), failed(1))));
    JobView job = view(jobId);
    assertThat(job.delivered() + job.failed()).isZero();
    assertThat(indexesOf(await(store.results(jobId, -1, 10, "pending")).orElseThrow())).containsExactly(0, 1, 2);

    await(store.record(jobId, "alive", List.of(delivered(0), failed(1), delivered(2))));
    job = view(jobId);
    assertThat(job.delivered()).isEqualTo(2);
    assertThat(job.failed()).isEqualTo(1);
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
