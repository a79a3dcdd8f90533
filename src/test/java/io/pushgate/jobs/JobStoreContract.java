package io.pushgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pushgate.config.JobsConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every {@link JobStore} does, run against a real store by each subclass: a SQLite file, a PostgreSQL
 * database. Each test gets a new, empty store. Waits for the store's clock (leases, retries, expiry) poll the store
 * with a bounded loop, pausing on Vert.x timers.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
abstract class JobStoreContract {

  static final long LONG_LEASE_MS = 60_000;
  Vertx vertx;
  String url;
  SqlJobStore store;

  /** The URL of a new, empty store. */
  abstract String newStoreUrl(Vertx vertx) throws Exception;

  @BeforeEach
  void openStore(Vertx vertx) throws Exception {
    this.vertx = vertx;
    url = newStoreUrl(vertx);
    store = open(url);
    await(store.migrate());
  }

  @AfterEach
  void closeStore() throws Exception {
    await(store.close());
  }

  SqlJobStore open(String storeUrl) {
    return (SqlJobStore) JobStores.open(vertx, new JobsConfig(true, storeUrl, 4, 100_000, 24, 100, 50, 30_000, 1000));
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.await(20, TimeUnit.SECONDS);
  }

  static Buffer body(int index) {
    return new JsonObject().put("n", index).toBuffer();
  }

  /** A committed job of {@code messages} messages, stored in two appends. */
  String job(String target, int messages) throws Exception {
    return job(target, messages, null, null);
  }

  String job(String target, int messages, String notify, Long expiresInMs) throws Exception {
    String jobId = UUID.randomUUID().toString();
    await(store.beginIntake(new NewJob(jobId, null, null)));
    int half = messages / 2;
    await(store.appendMessages(jobId, 0, IntStream.range(0, half).mapToObj(JobStoreContract::body).toList()));
    await(store.appendMessages(jobId, half,
        IntStream.range(half, messages).mapToObj(JobStoreContract::body).toList()));
    await(store.commitIntake(jobId, target, notify, messages, "hash", expiresInMs));
    return jobId;
  }

  JobView view(String jobId) throws Exception {
    return await(store.find(jobId)).orElseThrow();
  }

  static MessageResult delivered(int index) {
    return new MessageResult(index, MessageState.DELIVERED, 1, 12, 200, Buffer.buffer("{\"ok\":true}"), true, null,
        null, 0);
  }

  static MessageResult failed(int index) {
    return new MessageResult(index, MessageState.FAILED, 3, 40, 0, null, false, "timeout", "no answer in 5000 ms", 0);
  }

  static MessageResult putBack(int index, int attempts, long retryInMs) {
    return new MessageResult(index, MessageState.WAITING, attempts, 5, 503, null, false, "http_status", null,
        retryInMs);
  }

  static List<Integer> indexes(List<ClaimedMessage> claimed) {
    return claimed.stream().map(ClaimedMessage::index).toList();
  }

  Future<Void> pause(long ms) {
    Promise<Void> paused = Promise.promise();
    vertx.setTimer(ms, id -> paused.complete());
    return paused.future();
  }

  /** Repeats {@code action} until its value passes {@code done}, for at most 10 s. */
  <T> T eventually(Supplier<Future<T>> action, Predicate<T> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    T value = await(action.get());
    while (!done.test(value)) {
      assertThat(System.nanoTime()).as("the store got there within 10 s; last value %s", value).isLessThan(deadline);
      await(pause(20));
      value = await(action.get());
    }
    return value;
  }

  @Test
  @DisplayName("a committed job is queued with its messages, and is found again")
  void intakeCommitsAJob() throws Exception {
    long before = System.currentTimeMillis();
    String jobId = job("t1", 5, "hook", 60_000L);
    JobView job = view(jobId);
    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job.target()).isEqualTo("t1");
    assertThat(job.notifyTarget()).isEqualTo("hook");
    assertThat(job.total()).isEqualTo(5);
    assertThat(job.pending()).isEqualTo(5);
    // The database's clock and the test's are the same machine's.
    assertThat(job.createdAt()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
    // Expiry counts from the commit, a moment after the intake began.
    assertThat(job.expiresAt()).isBetween(job.createdAt() + 60_000, System.currentTimeMillis() + 61_000);
    assertThat(job.startedAt()).isNull();
    ResultsPage page = await(store.results(jobId, -1, 10, null)).orElseThrow();
    assertThat(page.results()).hasSize(5);
    assertThat(page.results().getJsonObject(4))
        .isEqualTo(new JsonObject().put("index", 4).put("status", "pending").put("attempts", 0));
    assertThat(await(store.claim(jobId, "c", 10, LONG_LEASE_MS))).extracting(ClaimedMessage::body)
        .containsExactlyElementsOf(IntStream.range(0, 5).mapToObj(JobStoreContract::body).toList());
  }

  @Test
  @DisplayName("a job being received is shown by no query")
  void receivingJobsAreHidden() throws Exception {
    await(store.beginIntake(new NewJob("r", "t1", "key-r")));
    await(store.appendMessages("r", 0, List.of(body(0))));
    assertThat(await(store.find("r"))).isEmpty();
    assertThat(await(store.findByIdempotencyKey("key-r"))).isEmpty();
    assertThat(await(store.list(null, 10))).isEmpty();
    assertThat(await(store.results("r", -1, 10, null))).isEmpty();
    assertThat(await(store.activeJobs())).isEmpty();
    assertThat(await(store.countByStatus())).containsOnly(Map.entry(JobStatus.QUEUED, 0L),
        Map.entry(JobStatus.RUNNING, 0L), Map.entry(JobStatus.COMPLETED, 0L), Map.entry(JobStatus.CANCELLED, 0L));
    assertThat(await(store.claim("r", "c", 10, LONG_LEASE_MS))).isEmpty();
  }

  @Test
  @DisplayName("an abandoned intake leaves nothing behind")
  void abandonDeletesTheJob() throws Exception {
    await(store.beginIntake(new NewJob("a", "t1", "key-a")));
    await(store.appendMessages("a", 0, List.of(body(0), body(1))));
    await(store.abandonIntake("a"));
    // The id, its key and its message indexes are free again.
    await(store.beginIntake(new NewJob("a", "t1", "key-a")));
    await(store.appendMessages("a", 0, List.of(body(0))));
    assertThat(await(store.commitIntake("a", "t1", null, 1, "h", null)).total()).isEqualTo(1);
  }

  @Test
  @DisplayName("an idempotency key held by another job is refused with that job's id")
  void idempotencyKeyTaken() throws Exception {
    await(store.beginIntake(new NewJob("first", "t1", "key")));
    assertThatThrownBy(() -> await(store.beginIntake(new NewJob("second", "t1", "key"))))
        .isInstanceOfSatisfying(IdempotencyKeyTaken.class, taken -> assertThat(taken.jobId()).isEqualTo("first"));
    await(store.appendMessages("first", 0, List.of(body(0))));
    JobView committed = await(store.commitIntake("first", "t1", null, 1, "hash-1", null));
    assertThat(await(store.findByIdempotencyKey("key"))).contains(new KnownJob(committed, "hash-1"));
    assertThat(await(store.findByIdempotencyKey("other"))).isEmpty();
    // Jobs without a key do not collide.
    await(store.beginIntake(new NewJob("third", "t1", null)));
    await(store.beginIntake(new NewJob("fourth", "t1", null)));
  }

  @Test
  @DisplayName("commitIntake of a job not being received fails")
  void commitOfUnknownJobFails() {
    assertThatThrownBy(() -> await(store.commitIntake("nobody", "t1", null, 1, "h", null)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("list shows the newest jobs first, all or by status, up to the limit")
  void listNewestFirst() throws Exception {
    List<String> ids = new ArrayList<>();
    for (String id : List.of("job-a", "job-b", "job-c")) {
      await(store.beginIntake(new NewJob(id, "t1", null)));
      await(store.appendMessages(id, 0, List.of(body(0))));
      await(store.commitIntake(id, "t1", null, 1, "h", null));
      ids.add(id);
    }
    await(store.beginIntake(new NewJob("job-d", "t1", null)));
    await(store.cancel("job-b"));
    assertThat(await(store.list(null, 10))).extracting(JobView::jobId).containsExactly("job-c", "job-b", "job-a");
    assertThat(await(store.list(null, 2))).extracting(JobView::jobId).containsExactly("job-c", "job-b");
    assertThat(await(store.list(JobStatus.QUEUED, 10))).extracting(JobView::jobId).containsExactly("job-c", "job-a");
    assertThat(await(store.list(JobStatus.CANCELLED, 10))).extracting(JobView::jobId).containsExactly("job-b");
    assertThat(await(store.activeJobs())).extracting(JobView::jobId).containsExactly("job-a", "job-c");
  }

  @Test
  @DisplayName("results come in index order, in pages, filtered by API status, in the batch API's shape")
  void resultsPages() throws Exception {
    String jobId = job("t1", 5);
    await(store.claim(jobId, "c", 3, LONG_LEASE_MS));
    MessageResult text = new MessageResult(2, MessageState.DELIVERED, 2, 30, 202, Buffer.buffer("accepted"), false,
        null, null, 0);
    await(store.record(jobId, "c", List.of(delivered(0), failed(1), text)));

    ResultsPage first = await(store.results(jobId, -1, 2, null)).orElseThrow();
    assertThat(first.results()).isEqualTo(new JsonArray()
        .add(new JsonObject().put("index", 0).put("status", "delivered").put("attempts", 1).put("latencyMs", 12L)
            .put("httpStatus", 200).put("response", new JsonObject().put("ok", true)))
        .add(new JsonObject().put("index", 1).put("status", "failed").put("attempts", 3).put("latencyMs", 40L)
            .put("error", "timeout").put("detail", "no answer in 5000 ms")));
    assertThat(first.next()).isEqualTo(1);
    ResultsPage second = await(store.results(jobId, 1, 2, null)).orElseThrow();
    assertThat(second.results().getJsonObject(0)).isEqualTo(new JsonObject().put("index", 2).put("status", "delivered")
        .put("attempts", 2).put("latencyMs", 30L).put("httpStatus", 202).put("response", "accepted"));
    assertThat(second.results().getJsonObject(1).getInteger("index")).isEqualTo(3);
    assertThat(second.next()).isEqualTo(3);
    ResultsPage last = await(store.results(jobId, 3, 2, null)).orElseThrow();
    assertThat(last.results()).hasSize(1);
    assertThat(last.next()).isNull();
    // A page that ends exactly at the last message has no next either.
    assertThat(await(store.results(jobId, 2, 2, null)).orElseThrow().next()).isNull();

    assertThat(indexesOf(await(store.results(jobId, -1, 10, "pending")).orElseThrow())).containsExactly(3, 4);
    assertThat(indexesOf(await(store.results(jobId, -1, 10, "delivered")).orElseThrow())).containsExactly(0, 2);
    assertThat(indexesOf(await(store.results(jobId, -1, 10, "failed")).orElseThrow())).containsExactly(1);
    assertThat(indexesOf(await(store.results(jobId, -1, 10, "cancelled")).orElseThrow())).isEmpty();
    ResultsPage pending = await(store.results(jobId, -1, 1, "pending")).orElseThrow();
    assertThat(indexesOf(pending)).containsExactly(3);
    assertThat(pending.next()).isEqualTo(3);
    assertThat(await(store.results("unknown", -1, 10, null))).isEmpty();
  }

  static List<Integer> indexesOf(ResultsPage page) {
    return page.results().stream().map(result -> ((JsonObject) result).getInteger("index")).toList();
  }

  @Test
  @DisplayName("claims take waiting messages in index order, up to the limit, never twice, and start the job")
  void claimInOrder() throws Exception {
    String jobId = job("t1", 5);
    List<ClaimedMessage> first = await(store.claim(jobId, "c1", 2, LONG_LEASE_MS));
    assertThat(indexes(first)).containsExactly(0, 1);
    assertThat(first.get(1).body()).isEqualTo(body(1));
    assertThat(first.get(0).attempts()).isZero();
    assertThat(indexes(await(store.claim(jobId, "c2", 10, LONG_LEASE_MS)))).containsExactly(2, 3, 4);
    assertThat(await(store.claim(jobId, "c3", 10, LONG_LEASE_MS))).isEmpty();
    JobView job = view(jobId);
    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(job.startedAt()).isNotNull();
  }

  @Test
  @DisplayName("claims made at once get disjoint messages")
  void concurrentClaimsAreDisjoint() throws Exception {
    String jobId = job("t1", 100);
    List<Future<List<ClaimedMessage>>> claims = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      claims.add(store.claim(jobId, "c" + i, 30, LONG_LEASE_MS));
    }
    await(Future.all(claims));
    Set<Integer> seen = new HashSet<>();
    int count = 0;
    for (Future<List<ClaimedMessage>> claim : claims) {
      count += claim.result().size();
      seen.addAll(indexes(claim.result()));
    }
    assertThat(count).isEqualTo(seen.size()).isEqualTo(100);
  }

  @Test
  @DisplayName("recorded outcomes count once and complete the job when every message has one")
  void recordCountsAndCompletes() throws Exception {
    String jobId = job("t1", 3);
    await(store.claim(jobId, "c", 10, LONG_LEASE_MS));
    await(store.record(jobId, "c", List.of(delivered(0), failed(1))));
    JobView job = view(jobId);
    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(job.pending()).isEqualTo(1);
    // The same outcome written again is dropped: the claim no longer holds the message.
    await(store.record(jobId, "c", List.of(delivered(0), delivered(2))));
    job = view(jobId);
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.delivered()).isEqualTo(2);
    assertThat(job.failed()).isEqualTo(1);
    assertThat(job.finishedAt()).isNotNull();
    assertThat(await(store.countByStatus())).containsEntry(JobStatus.COMPLETED, 1L).containsEntry(JobStatus.RUNNING, 0L);
    assertThat(await(store.activeJobs())).isEmpty();
  }

  @Test
  @DisplayName("a message put back waiting is claimed again after its retry delay, with its attempts")
  void putBackMessagesReturn() throws Exception {
    String jobId = job("t1", 2);
    await(store.claim(jobId, "c", 10, LONG_LEASE_MS));
    await(store.record(jobId, "c", List.of(putBack(0, 2, 300), delivered(1))));
    assertThat(await(store.claim(jobId, "c2", 10, LONG_LEASE_MS))).isEmpty();
    JobView job = view(jobId);
    assertThat(job.pending()).isEqualTo(1);
    assertThat(job.delivered()).isEqualTo(1);
    List<ClaimedMessage> again = eventually(() -> store.claim(jobId, "c3", 10, LONG_LEASE_MS), got -> !got.isEmpty());
    assertThat(indexes(again)).containsExactly(0);
    assertThat(again.get(0).attempts()).isEqualTo(2);
  }

  @Test
  @DisplayName("a message left waiting in a cancelled job (put back while the cancel ran) is swept, counted cancelled")
  void cancelledLeftoversAreSwept() throws Exception {
    String jobId = job("t1", 2);
    await(store.claim(jobId, "c", 2, LONG_LEASE_MS));
    await(store.cancel(jobId));
    // What a race between connections leaves on PostgreSQL (SQLite's one connection writes a put-back and its sweep
    // together): the cancel saw the message claimed, then an outcome put it back to waiting unseen.
    await(store.pool().query("UPDATE job_messages SET state = 'waiting', claim_id = NULL, available_at = 1"
        + " WHERE job_id = '" + jobId + "' AND idx = 0").execute());
    assertThat(view(jobId).pending()).isEqualTo(2);
    assertThat(await(store.expireJobs())).isEqualTo(1);
    JobView swept = view(jobId);
    assertThat(swept.cancelled()).isEqualTo(1);
    assertThat(swept.pending()).as("the other is still out").isEqualTo(1);
    assertThat(await(store.expireJobs())).isZero();
  }

  @Test
  @DisplayName("cancel ends waiting messages, lets claimed ones finish, and leaves a finished job alone")
  void cancelJob() throws Exception {
    String jobId = job("t1", 4);
    await(store.claim(jobId, "c", 2, LONG_LEASE_MS));
    JobView cancelled = await(store.cancel(jobId)).orElseThrow();
    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled.cancelled()).isEqualTo(2);
    assertThat(cancelled.finishedAt()).isNotNull();
    assertThat(await(store.claim(jobId, "c2", 10, LONG_LEASE_MS))).isEmpty();
    // One claimed message finishes; the other is put back, and ends cancelled since its job is.
    await(store.record(jobId, "c", List.of(delivered(0), putBack(1, 1, 0))));
    JobView after = view(jobId);
    assertThat(after.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(after.delivered()).isEqualTo(1);
    assertThat(after.cancelled()).isEqualTo(3);
    assertThat(after.pending()).isZero();
    assertThat(after.finishedAt()).isEqualTo(cancelled.finishedAt());
    assertThat(indexesOf(await(store.results(jobId, -1, 10, "cancelled")).orElseThrow())).containsExactly(1, 2, 3);
    assertThat(await(store.cancel(jobId))).contains(after);

    String done = job("t1", 1);
    await(store.claim(done, "d", 1, LONG_LEASE_MS));
    await(store.record(done, "d", List.of(delivered(0))));
    JobView completed = view(done);
    assertThat(await(store.cancel(done))).contains(completed);
    assertThat(await(store.cancel("unknown"))).isEmpty();
  }

  @Test
  @DisplayName("an expired job's waiting messages end failed / expired and the job completes")
  void expireJobs() throws Exception {
    // Long enough for the claim below to come first.
    String jobId = job("t1", 3, null, 1000L);
    String lasting = job("t1", 1, null, LONG_LEASE_MS);
    await(store.claim(jobId, "c", 1, LONG_LEASE_MS));
    assertThat(eventually(store::expireJobs, expired -> expired > 0)).isEqualTo(2);
    JobView job = view(jobId);
    assertThat(job.failed()).isEqualTo(2);
    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(await(store.results(jobId, 0, 1, null)).orElseThrow().results().getJsonObject(0))
        .isEqualTo(new JsonObject().put("index", 1).put("status", "failed").put("attempts", 0)
            .put("error", "expired").put("detail", SqlJobStore.EXPIRED_DETAIL));
    await(store.record(jobId, "c", List.of(delivered(0))));
    assertThat(view(jobId).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(view(lasting).pending()).isEqualTo(1);
    assertThat(await(store.expireJobs())).isZero();
  }

  @Test
  @DisplayName("an expired job's messages are not claimed before its expiry is applied, which then ends them all")
  void expiredJobsAreNotClaimed() throws Exception {
    String jobId = job("t1", 2, null, 1L);
    await(pause(20));
    assertThat(await(store.claim(jobId, "c", 10, LONG_LEASE_MS))).isEmpty();
    assertThat(await(store.expireJobs())).isEqualTo(2);
    assertThat(view(jobId).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  @DisplayName("a finished job's notify target is taken by one caller at a time until marked told")
  void takeUnnotified() throws Exception {
    String told = job("t1", 1, "hook", null);
    String silent = job("t1", 1);
    String running = job("t1", 1, "hook", null);
    await(store.cancel(told));
    await(store.cancel(silent));
    assertThat(await(store.takeUnnotified(10, LONG_LEASE_MS))).extracting(JobView::jobId).containsExactly(told);
    assertThat(await(store.takeUnnotified(10, LONG_LEASE_MS))).isEmpty();

    String second = job("t1", 1, "hook", null);
    await(store.cancel(second));
    assertThat(await(store.takeUnnotified(10, 100))).extracting(JobView::jobId).containsExactly(second);
    // Its holder died: once the lease runs out it is taken again.
    assertThat(eventually(() -> store.takeUnnotified(10, LONG_LEASE_MS), taken -> !taken.isEmpty()))
        .extracting(JobView::jobId).containsExactly(second);
    await(store.markNotified(second));
    await(store.markNotified(told));
    assertThat(await(store.takeUnnotified(10, 0))).isEmpty();
    assertThat(view(running).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  @DisplayName("purge deletes finished jobs past retention and abandoned intakes, a few at a time")
  void purge() throws Exception {
    String active = job("t1", 1);
    List<String> finished = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String jobId = job("t1", 2);
      await(store.cancel(jobId));
      finished.add(jobId);
    }
    await(store.beginIntake(new NewJob("fresh-intake", "t1", null)));
    await(store.beginIntake(new NewJob("old-intake", "t1", null)));
    await(store.appendMessages("old-intake", 0, List.of(body(0))));
    await(SqlTemplate.forUpdate(store.pool(), "UPDATE jobs SET created_at = created_at - 7200000 WHERE id = #{id}")
        .execute(Map.of("id", "old-intake")));

    assertThat(await(store.purge(LONG_LEASE_MS, 10))).isEqualTo(1);
    assertThat(eventually(() -> store.purge(0, 2), purged -> purged > 0)).isEqualTo(2);
    assertThat(await(store.purge(0, 2))).isEqualTo(1);
    assertThat(await(store.purge(0, 2))).isZero();
    for (String jobId : finished) {
      assertThat(await(store.find(jobId))).isEmpty();
    }
    assertThat(await(store.find(active))).isPresent();
    // The abandoned intake's messages went with it: its indexes are free again.
    await(store.beginIntake(new NewJob("old-intake", "t1", null)));
    await(store.appendMessages("old-intake", 0, List.of(body(0))));
    await(store.appendMessages("fresh-intake", 0, List.of(body(0))));
  }

  @Test
  @DisplayName("pending messages are summed per target over the jobs still running")
  void pendingByTarget() throws Exception {
    String a1 = job("a", 3);
    job("a", 2);
    job("b", 4);
    String c = job("c", 2);
    await(store.cancel(c));
    await(store.claim(a1, "x", 1, LONG_LEASE_MS));
    await(store.record(a1, "x", List.of(delivered(0))));
    assertThat(await(store.pendingByTarget())).containsOnly(Map.entry("a", 4L), Map.entry("b", 4L));
    assertThat(await(store.countByStatus())).containsOnly(Map.entry(JobStatus.QUEUED, 2L),
        Map.entry(JobStatus.RUNNING, 1L), Map.entry(JobStatus.COMPLETED, 0L), Map.entry(JobStatus.CANCELLED, 1L));
  }

  @Test
  @DisplayName("migrating again changes nothing; a schema newer than the build is refused")
  void migrateIsIdempotent() throws Exception {
    String jobId = job("t1", 2);
    await(store.migrate());
    assertThat(view(jobId).total()).isEqualTo(2);
    assertThat(await(store.pool().query("SELECT version FROM schema_version").execute()).size())
        .isEqualTo(SchemaMigration.VERSIONS.size());
    await(store.pool().query("INSERT INTO schema_version (version, applied_at) VALUES (99, 0)").execute());
    assertThatThrownBy(() -> await(store.migrate())).hasMessageContaining("version 99, newer than this build");
  }

  @Test
  @DisplayName("ping answers")
  void ping() throws Exception {
    await(store.ping());
  }
}
