package io.pushgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pushgate.config.JobsConfig;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The job store on a SQLite file of its own under {@code target/}, per test. */
@DisplayName("The job store on SQLite")
class SqliteJobStoreTest extends JobStoreContract {

  @Override
  String newStoreUrl(Vertx vertx) {
    // A folder that does not exist yet: the store makes it.
    return JobsConfig.SQLITE_PREFIX + Path.of("target", "sqlite-tests", UUID.randomUUID().toString(), "jobs.db");
  }

  @Test
  @DisplayName("the connection writes ahead and syncs every commit (WAL, synchronous=FULL)")
  void pragmas() throws Exception {
    Row synchronous = await(store.pool().query("PRAGMA synchronous").execute()).iterator().next();
    assertThat(synchronous.getInteger(0)).isEqualTo(2);
    Row journal = await(store.pool().query("PRAGMA journal_mode").execute()).iterator().next();
    assertThat(journal.getString(0)).isEqualTo("wal");
  }

  @Test
  @DisplayName("the store's connection reads columns through SqliteColumnDecoder: a REAL comes back as the driver's Double")
  void reads_through_sqlite_column_decoder() throws Exception {
    Row row = await(store.pool().query("SELECT 1.5 AS r").execute()).iterator().next();
    // The JDBC client's own decoder, after looking the column up in the result's metadata, makes a Float of it.
    assertThat(row.getValue("r")).isEqualTo(1.5d);
  }

  @Test
  @DisplayName("a committed job is there after the store is closed and opened again")
  void durable() throws Exception {
    String jobId = job("t1", 3);
    JobView before = view(jobId);
    await(store.close());
    store = open(url);
    await(store.migrate());
    assertThat(view(jobId)).isEqualTo(before);
    assertThat(await(store.claim(jobId, "c", 10, LONG_LEASE_MS))).extracting(ClaimedMessage::body)
        .containsExactly(body(0), body(1), body(2));
  }

  @Test
  @DisplayName("an intake left by a process that died is dropped when the file is opened again: its key is free")
  void orphanIntakesDropped() throws Exception {
    await(store.beginIntake(new NewJob("half", "t1", "key-half")));
    await(store.appendMessages("half", 0, List.of(body(0), body(1))));
    await(store.close());
    store = open(url);
    await(store.migrate());
    await(store.beginIntake(new NewJob("again", "t1", "key-half")));
    await(store.appendMessages("again", 0, List.of(body(0))));
    JobView again = await(store.commitIntake("again", "t1", null, 1, "h", null));
    assertThat(again.total()).isEqualTo(1);
    Row left = await(store.pool().query("SELECT COUNT(*) FROM job_messages WHERE job_id = 'half'").execute())
        .iterator().next();
    assertThat(left.getInteger(0)).isZero();
  }

  @Test
  @DisplayName("claims left by a process that died are given back when the file is opened again")
  void orphanClaimsReleased() throws Exception {
    String jobId = job("t1", 3);
    String cancelled = job("t1", 2);
    await(store.claim(jobId, "dead", 2, LONG_LEASE_MS));
    await(store.claim(cancelled, "dead", 1, LONG_LEASE_MS));
    await(store.cancel(cancelled));
    await(store.close());
    store = open(url);
    await(store.migrate());
    assertThat(indexes(await(store.claim(jobId, "alive", 10, LONG_LEASE_MS)))).containsExactly(0, 1, 2);
    JobView gone = view(cancelled);
    assertThat(gone.cancelled()).isEqualTo(2);
    assertThat(gone.pending()).isZero();
  }

  @Test
  @DisplayName("a claim moves its job's cursor and writes no message row; a message put back is claimed by its row")
  void claimsHandOutByCursor() throws Exception {
    String jobId = job("t1", 4);
    assertThat(indexes(await(store.claim(jobId, "c", 3, LONG_LEASE_MS)))).containsExactly(0, 1, 2);
    assertThat(single("SELECT claimed_through FROM jobs WHERE id = '" + jobId + "'")).isEqualTo(3);
    assertThat(single("SELECT COUNT(*) FROM job_messages WHERE job_id = '" + jobId + "' AND (state <> 'waiting'"
        + " OR claim_id IS NOT NULL OR lease_until IS NOT NULL)")).as("message rows written").isZero();
    assertThat(indexes(await(store.claim(jobId, "c", 10, LONG_LEASE_MS)))).containsExactly(3);

    await(store.record(jobId, "c", List.of(delivered(0), putBack(1, 1, 0))));
    List<ClaimedMessage> again = await(store.claim(jobId, "c2", 10, LONG_LEASE_MS));
    assertThat(indexes(again)).as("the put-back message only; 2 and 3 are still out").containsExactly(1);
    assertThat(again.get(0).attempts()).isEqualTo(1);
    assertThat(single("SELECT COUNT(*) FROM job_messages WHERE job_id = '" + jobId + "' AND idx = 1"
        + " AND state = 'claimed' AND claim_id = 'c2'")).isEqualTo(1);
    await(store.record(jobId, "c2", List.of(delivered(1), delivered(2), delivered(3))));
    JobView done = view(jobId);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.delivered()).isEqualTo(4);
  }

  @Test
  @DisplayName("after a restart, a job whose messages all wait to be retried has its cursor moved to the end at once")
  void exhaustedCursorSkipsPutBackMessages() throws Exception {
    String jobId = job("t1", 3);
    await(store.claim(jobId, "c", 10, LONG_LEASE_MS));
    await(store.record(jobId, "c", List.of(putBack(0, 1, LONG_LEASE_MS), putBack(1, 1, LONG_LEASE_MS),
        putBack(2, 1, LONG_LEASE_MS))));
    await(store.close());
    store = open(url);
    await(store.migrate());
    assertThat(single("SELECT claimed_through FROM jobs WHERE id = '" + jobId + "'")).isZero();
    assertThat(await(store.claim(jobId, "c2", 10, LONG_LEASE_MS))).as("none due yet").isEmpty();
    // Else every claim until the retries are due walks the job's waiting messages from the first.
    assertThat(single("SELECT claimed_through FROM jobs WHERE id = '" + jobId + "'")).isEqualTo(3);
  }

  @Test
  @DisplayName("a version-2 file is migrated: its claims are given back and its messages handed out by cursor")
  void migratesFromVersion2() throws Exception {
    String jobId = job("t1", 3);
    await(store.close());
    // The file as version 2 left it: no cursor, message 0 claimed by the process that died, 1 put back to retry.
    try (Connection raw = DriverManager.getConnection("jdbc:" + url); Statement statement = raw.createStatement()) {
      for (String change : List.of("DROP INDEX job_messages_put_back", "ALTER TABLE jobs DROP COLUMN claimed_through",
          "DELETE FROM schema_version WHERE version = 3",
          "UPDATE job_messages SET state = 'claimed', claim_id = 'dead', lease_until = 1 WHERE idx = 0",
          "UPDATE job_messages SET attempts = 1, available_at = 1 WHERE idx = 1")) {
        statement.executeUpdate(change);
      }
    }
    store = open(url);
    await(store.migrate());
    assertThat(single("SELECT MAX(version) FROM schema_version")).isEqualTo(SchemaMigration.VERSIONS.size());
    List<ClaimedMessage> claimed = await(store.claim(jobId, "alive", 10, LONG_LEASE_MS));
    assertThat(indexes(claimed)).containsExactly(0, 1, 2);
    assertThat(claimed.get(1).attempts()).isEqualTo(1);
  }

  @Test
  @DisplayName("writes outside intakes and claims are committed at once: another connection sees them")
  void writes_outside_transactions_are_committed() throws Exception {
    // vertx-jdbc-client 5.0.7 leaves its connection in manual commit after a transaction (job() runs several).
    String jobId = job("t1", 1, "t1", null);
    await(store.claim(jobId, "c", 1, LONG_LEASE_MS));
    await(store.record(jobId, "c", List.of(delivered(0))));
    assertThat(await(store.takeUnnotified(10, LONG_LEASE_MS))).hasSize(1);
    assertThat(seenByAnotherConnection("SELECT COUNT(*) FROM jobs WHERE notify_lease_until IS NOT NULL"))
        .as("takeUnnotified's lease").isEqualTo(1);
    await(store.markNotified(jobId));
    assertThat(seenByAnotherConnection("SELECT COUNT(*) FROM jobs WHERE notified_at IS NOT NULL"))
        .as("markNotified").isEqualTo(1);
    await(store.beginIntake(new NewJob("next", "t1", "key-next")));
    assertThat(seenByAnotherConnection("SELECT COUNT(*) FROM jobs WHERE idempotency_key = 'key-next'"))
        .as("beginIntake's key").isEqualTo(1);

    // A message claimed row by row (put back, then due again) has a lease to renew.
    String retried = job("t1", 1);
    await(store.claim(retried, "c", 1, LONG_LEASE_MS));
    await(store.record(retried, "c", List.of(putBack(0, 1, 0))));
    assertThat(await(store.claim(retried, "c", 1, 1000))).hasSize(1);
    String leaseEnd = "SELECT COUNT(*) FROM job_messages WHERE job_id = '" + retried + "' AND lease_until > "
        + "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) + 10000";
    assertThat(seenByAnotherConnection(leaseEnd)).isZero();
    assertThat(await(store.renewLeases("c", LONG_LEASE_MS))).isEqualTo(1);
    assertThat(seenByAnotherConnection(leaseEnd)).as("renewLeases").isEqualTo(1);
  }

  private int seenByAnotherConnection(String query) throws Exception {
    try (Connection raw = DriverManager.getConnection("jdbc:" + url); Statement statement = raw.createStatement();
         ResultSet rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private int single(String query) throws Exception {
    return await(store.pool().query(query).execute()).iterator().next().getInteger(0);
  }

  @Test
  @DisplayName("a file that cannot be created makes the store unavailable")
  void unwritableFile() throws Exception {
    Path blocker = Files.createTempFile(Path.of("target"), "not-a-folder", ".txt");
    JobStore broken = open(JobsConfig.SQLITE_PREFIX + blocker.resolve("jobs.db"));
    try {
      assertThatThrownBy(() -> await(broken.migrate())).isInstanceOf(StoreUnavailableException.class);
    } finally {
      await(broken.close());
      Files.delete(blocker);
    }
  }

  @Test
  @DisplayName("work announcements are no-ops: the only runner is woken in-process")
  void announcementsAreNoOps() throws Exception {
    store.onWorkAnnounced(v -> {
      throw new AssertionError("SQLite has no other node to hear from");
    });
    await(store.announceWork());
  }
}
