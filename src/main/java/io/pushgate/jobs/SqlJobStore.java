package io.pushgate.jobs;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import io.vertx.sqlclient.templates.TupleMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link JobStore} over an {@code io.vertx.sqlclient.Pool}: SQLite through the JDBC client (one connection, so
 * one writer) or PostgreSQL. The statements are in {@link JobSql}; what differs between the two is in
 * {@link SqlDialect}. Every failure but the contract's own ({@link IdempotencyKeyTaken}) and a caller's mistake
 * ({@code IllegalArgumentException}, {@code IllegalStateException}) reaches the caller as a
 * {@link StoreUnavailableException} holding the driver's error. Thread-safe.
 */
final class SqlJobStore implements JobStore {

  static final String EXPIRED_DETAIL = "the job expired before this message had a final outcome";
  /** How long an intake may stay uncommitted before purge takes it for abandoned. */
  static final long ABANDONED_INTAKE_MS = 3_600_000;
  /** A key's holder may be abandoned between our insert and our look-up; after a few such races, give up. */
  private static final int KEY_RACE_TRIES = 3;
  /** The widest gap between two outcomes' indexes that one read of the claim's messages spans. */
  static final int HELD_RANGE_GAP = 1000;

  private final Vertx vertx;
  private final Pool pool;
  private final SqlDialect dialect;
  private final JobSql sql;
  private final Supplier<Future<Void>> prepare;
  private final WorkAnnouncements announcements;

  /**
   * @param prepare what must happen before the first connection (SQLite: the file's folder exists)
   * @param announcements PostgreSQL's listener for other nodes' work, or {@code null}
   */
  SqlJobStore(Vertx vertx, Pool pool, SqlDialect dialect, Supplier<Future<Void>> prepare,
              WorkAnnouncements announcements) {
    this.vertx = vertx;
    this.pool = pool;
    this.dialect = dialect;
    this.sql = new JobSql(dialect);
    this.prepare = prepare;
    this.announcements = announcements;
  }

  /** The pool, for tests that read what the store wrote or check its connection's settings. */
  Pool pool() {
    return pool;
  }

  @Override
  public Future<Void> migrate() {
    // One process uses a SQLite file, so claims found there at start belong to a process that died: give them back,
    // with what its cursors handed out (or count them cancelled, for a cancelled job); and its intakes never
    // finished: drop them, which frees their idempotency keys. On PostgreSQL they may be another node's; leases
    // expire claims, purge old intakes.
    List<String> afterwards = dialect == SqlDialect.SQLITE
        ? List.of(sql.countOrphanClaimsCancelled, sql.releaseOrphanClaims, sql.cancelOrphanHandedOut,
            sql.resetCursors, sql.deleteOrphanIntakeMessages, sql.deleteOrphanIntakes) : List.of();
    return guard("migrate", prepare.get()
        .compose(v -> new SchemaMigration(vertx, dialect, sql).migrate(pool, afterwards)));
  }

  @Override
  public Future<Void> beginIntake(NewJob job) {
    return guard("beginIntake", insertJob(job, KEY_RACE_TRIES));
  }

  private Future<Void> insertJob(NewJob job, int tries) {
    return inTransaction(conn -> update(conn, sql.beginIntake, params("jobId", job.jobId(), "target", job.target(),
        "key", job.idempotencyKey())))
        .compose(inserted -> inserted == 1 ? Future.succeededFuture()
            : query(pool, sql.keyHolder, params("key", job.idempotencyKey())).compose(rows -> {
              if (rows.size() > 0) {
                return Future.failedFuture(new IdempotencyKeyTaken(rows.iterator().next().getString("id")));
              }
              return tries > 1 ? insertJob(job, tries - 1)
                  : Future.failedFuture(new IllegalStateException("idempotency key keeps changing hands"));
            }));
  }

  @Override
  public Future<Void> appendMessages(String jobId, int firstIndex, List<Buffer> bodies) {
    if (bodies.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Map<String, Object>> rows = new ArrayList<>(bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      rows.add(params("jobId", jobId, "index", firstIndex + i, "body", dialect.blob(bodies.get(i))));
    }
    return guard("appendMessages", pool.withTransaction(conn -> batch(conn, sql.appendMessage, rows)));
  }

  @Override
  public Future<JobView> commitIntake(String jobId, String target, String notify, int total, String bodyHash,
                                      Long expiresInMs) {
    return guard("commitIntake", pool.withTransaction(conn -> update(conn, sql.commitIntake, params("jobId", jobId,
        "target", target, "notify", notify, "total", total, "bodyHash", bodyHash, "expiresInMs", expiresInMs))
        .compose(committed -> committed == 1 ? find(conn, jobId).map(Optional::orElseThrow)
            : Future.failedFuture(new IllegalStateException("job " + jobId + " is not being received")))));
  }

  @Override
  public Future<Void> abandonIntake(String jobId) {
    return guard("abandonIntake", pool.withTransaction(conn -> deleteJobs(conn, List.of(jobId))));
  }

  @Override
  public Future<Optional<JobView>> find(String jobId) {
    return guard("find", find(pool, jobId));
  }

  private Future<Optional<JobView>> find(SqlClient client, String jobId) {
    return query(client, sql.find, params("jobId", jobId)).map(rows -> first(rows).map(JobRows::job));
  }

  @Override
  public Future<Optional<KnownJob>> findByIdempotencyKey(String idempotencyKey) {
    return guard("findByIdempotencyKey", query(pool, sql.findByKey, params("key", idempotencyKey))
        .map(rows -> first(rows).map(row -> new KnownJob(JobRows.job(row), row.getString("body_hash")))));
  }

  @Override
  public Future<List<JobView>> list(JobStatus status, int limit) {
    Future<RowSet<Row>> rows = status == null ? query(pool, sql.listAll, params("limit", (long) limit))
        : query(pool, sql.listByStatus, params("status", status.json(), "limit", (long) limit));
    return guard("list", rows.map(SqlJobStore::jobs));
  }

  @Override
  public Future<Optional<ResultsPage>> results(String jobId, int after, int limit, String status) {
    Map<String, Object> params = params("jobId", jobId, "after", after, "limit", limit + 1L);
    String statement = sql.resultsAll;
    if (status != null) {
      List<String> states = new ArrayList<>();
      for (MessageState state : MessageState.values()) {
        if (state.json().equals(status)) {
          states.add(state.stored());
        }
      }
      if (states.isEmpty()) {
        return Future.failedFuture(new IllegalArgumentException("no result status " + status));
      }
      params.put("state1", states.get(0));
      params.put("state2", states.get(states.size() - 1));
      statement = states.size() == 1 ? sql.resultsInState : sql.resultsInStates;
    }
    String chosen = statement;
    return guard("results", find(pool, jobId).compose(job -> job.isEmpty() ? Future.succeededFuture(Optional.empty())
        : query(pool, chosen, params).map(rows -> Optional.of(page(jobId, rows, limit)))));
  }

  /** The page, from up to {@code limit + 1} rows: the one past the limit tells that there are more. */
  private static ResultsPage page(String jobId, RowSet<Row> rows, int limit) {
    JsonArray results = new JsonArray();
    Integer last = null;
    for (Row row : rows) {
      if (results.size() == limit) {
        return new ResultsPage(jobId, results, last);
      }
      results.add(JobRows.result(row));
      last = row.getInteger("idx");
    }
    return new ResultsPage(jobId, results, null);
  }

  @Override
  public Future<Optional<JobView>> cancel(String jobId) {
    return guard("cancel", pool.withTransaction(conn -> update(conn, sql.cancelJob, params("jobId", jobId))
        .compose(changed -> changed == 0 ? Future.succeededFuture()
            : update(conn, sql.cancelWaiting, params("jobId", jobId))
                .compose(cancelled -> addOutcomes(conn, jobId, 0, 0, cancelled)))
        .compose(v -> find(conn, jobId))));
  }

  @Override
  public Future<List<JobView>> activeJobs() {
    return guard("activeJobs", query(pool, sql.activeJobs, Map.of()).map(SqlJobStore::jobs));
  }

  @Override
  public Future<List<ClaimedMessage>> claim(String jobId, String claimId, int limit, long leaseMs) {
    Map<String, Object> params = params("jobId", jobId, "claimId", claimId, "limit", (long) limit,
        "leaseMs", leaseMs);
    // The job's row first (only a queued job's: it is started), then its messages: the order cancel and expiry
    // take them in, so that none of them can deadlock another on PostgreSQL.
    return guard("claim", pool.withTransaction(conn -> update(conn, sql.start, params("jobId", jobId))
        .compose(started -> query(conn, sql.claim, params)).compose(rows -> {
          List<ClaimedMessage> claimed = new ArrayList<>(limit);
          rows.forEach(row -> claimed.add(JobRows.claimed(row)));
          return dialect.claimsByCursor() && claimed.size() < limit
              ? handOut(conn, jobId, limit - claimed.size(), claimed) : Future.succeededFuture(claimed);
        }).map(claimed -> {
          // RETURNING keeps no order, and put-back messages come before those handed out.
          claimed.sort(Comparator.comparingInt(ClaimedMessage::index));
          return claimed;
        })));
  }

  /**
   * Adds to {@code claimed} up to {@code limit} messages the job's cursor hands out, and moves the cursor past them
   * (to the end once they run out): one row written for the lot, where a claim per message writes each.
   */
  private Future<List<ClaimedMessage>> handOut(SqlConnection conn, String jobId, int limit,
                                               List<ClaimedMessage> claimed) {
    return query(conn, sql.handOut, params("jobId", jobId, "limit", (long) limit)).compose(rows -> {
      int last = -1;
      for (Row row : rows) {
        ClaimedMessage message = JobRows.claimed(row);
        claimed.add(message);
        last = message.index();
      }
      Future<Integer> moved = rows.size() < limit ? update(conn, sql.exhaustCursor, params("jobId", jobId))
          : update(conn, sql.advanceCursor, params("jobId", jobId, "through", last + 1));
      return moved.map(claimed);
    });
  }

  @Override
  public Future<Integer> renewLeases(String claimId, long leaseMs) {
    return guard("renewLeases", inTransaction(conn -> update(conn, sql.renewLeases, params("claimId", claimId,
        "leaseMs", leaseMs))));
  }

  @Override
  public Future<Void> record(String jobId, String claimId, List<MessageResult> results) {
    for (MessageResult result : results) {
      if (result.state() != MessageState.DELIVERED && result.state() != MessageState.FAILED
          && result.state() != MessageState.WAITING) {
        return Future.failedFuture(new IllegalArgumentException("cannot record a message " + result.state()));
      }
    }
    if (results.isEmpty()) {
      return Future.succeededFuture();
    }
    return guard("record", pool.withTransaction(conn -> held(conn, jobId, claimId, results).compose(held -> {
      // What the claim still holds decides what is written, and so the counts: batch row counts are not exact
      // through every driver (sqlite-jdbc's are not).
      List<MessageResult> mine = new ArrayList<>();
      for (MessageResult result : results) {
        if (held.remove(result.index())) {
          mine.add(result);
        }
      }
      return mine.isEmpty() ? Future.succeededFuture() : write(conn, jobId, claimId, mine);
    })));
  }

  /**
   * The indexes of {@code results} that {@code claimId} still holds, read by ranges of the primary key: one range
   * per run of indexes without a gap wider than {@link #HELD_RANGE_GAP}, so that outcomes gathered from several
   * chunks (a few ranges) cost a few reads, and those of scattered retries do not walk the job's whole key.
   */
  private Future<Set<Integer>> held(SqlConnection conn, String jobId, String claimId, List<MessageResult> results) {
    int[] indexes = results.stream().mapToInt(MessageResult::index).sorted().toArray();
    Set<Integer> held = new HashSet<>();
    Future<Void> reads = Future.succeededFuture();
    int first = 0;
    for (int i = 1; i <= indexes.length; i++) {
      if (i == indexes.length || indexes[i] - indexes[i - 1] > HELD_RANGE_GAP) {
        Map<String, Object> range = params("claimId", claimId, "jobId", jobId, "first", indexes[first],
            "last", indexes[i - 1]);
        reads = reads.compose(v -> query(conn, sql.held, range))
            .map(rows -> {
              rows.forEach(row -> held.add(row.getInteger("idx")));
              return null;
            });
        first = i;
      }
    }
    return reads.map(held);
  }

  private Future<Void> write(SqlConnection conn, String jobId, String claimId, List<MessageResult> results) {
    int delivered = 0;
    int failed = 0;
    int tokenInvalid = 0;
    boolean putBack = false;
    for (MessageResult r : results) {
      delivered += r.state() == MessageState.DELIVERED ? 1 : 0;
      tokenInvalid += r.tokenInvalid() ? 1 : 0;
      failed += r.state() == MessageState.FAILED ? 1 : 0;
      putBack |= r.state() == MessageState.WAITING;
    }
    int deliveredNow = delivered;
    int failedNow = failed;
    int tokenInvalidNow = tokenInvalid;
    boolean cancelLeftovers = putBack;
    return SqlTemplate.forUpdate(conn, sql.record).mapFrom(recordParameters(jobId, claimId)).executeBatch(results)
        // A message put back after its job was cancelled would wait for ever: it ends cancelled instead.
        .compose(v -> cancelLeftovers ? update(conn, sql.cancelLeftovers, params("jobId", jobId))
            : Future.succeededFuture(0))
        .compose(cancelled -> addOutcomes(conn, jobId, deliveredNow, failedNow, cancelled, tokenInvalidNow));
  }

  /**
   * The record statement's parameters of one outcome, put straight into its tuple: a map per message (the other
   * statements' way) costs a dozen hashed puts and gets per message, at tens of thousands of messages a second.
   */
  private TupleMapper<MessageResult> recordParameters(String jobId, String claimId) {
    return (name, size, result) -> {
      Object[] values = new Object[size];
      for (int i = 0; i < size; i++) {
        values[i] = recordParameter(name.apply(i), jobId, claimId, result);
      }
      return Tuple.wrap(values);
    };
  }

  private Object recordParameter(String name, String jobId, String claimId, MessageResult r) {
    return switch (name) {
      case "jobId" -> jobId;
      case "claimId" -> claimId;
      case "index" -> r.index();
      case "state" -> r.state().stored();
      case "attempts" -> r.attempts();
      case "latencyMs" -> r.latencyMs();
      case "httpStatus" -> r.httpStatus();
      case "response" -> dialect.blob(r.response());
      case "responseJson" -> r.responseJson() ? 1 : 0;
      case "error" -> r.error();
      case "detail" -> r.detail();
      case "retryInMs" -> r.retryInMs();
      case "tokenInvalid" -> r.tokenInvalid() ? 1 : 0;
      default -> throw new IllegalStateException("the record statement names no parameter " + name);
    };
  }

  @Override
  public Future<Integer> reclaimExpiredLeases(String ownClaimId) {
    return guard("reclaimExpiredLeases", pool.withTransaction(conn -> query(conn, sql.reclaim,
            params("claimId", ownClaimId))
        .compose(rows -> {
          Set<String> jobIds = new LinkedHashSet<>();
          rows.forEach(row -> jobIds.add(row.getString("job_id")));
          Future<Void> chain = Future.succeededFuture();
          for (String jobId : jobIds) {
            chain = chain.compose(v -> update(conn, sql.cancelLeftovers, params("jobId", jobId)))
                .compose(cancelled -> addOutcomes(conn, jobId, 0, 0, cancelled));
          }
          return chain.map(rows.size());
        })));
  }

  @Override
  public Future<Integer> expireJobs() {
    return guard("expireJobs", pool.withTransaction(conn -> query(conn, sql.expiredJobs, Map.of()).compose(rows -> {
      Future<Integer> expired = Future.succeededFuture(0);
      for (Row row : rows) {
        String jobId = row.getString("id");
        expired = expired.compose(sum -> update(conn, sql.expireWaiting, params("jobId", jobId,
                "detail", EXPIRED_DETAIL))
            .compose(failed -> addOutcomes(conn, jobId, 0, failed, 0).map(v -> sum + failed)));
      }
      return expired;
    }).compose(expired -> query(conn, sql.cancelledWithWaiting, Map.of()).compose(rows -> {
      Future<Integer> swept = Future.succeededFuture(expired);
      for (Row row : rows) {
        String jobId = row.getString("id");
        swept = swept.compose(sum -> update(conn, sql.cancelLeftovers, params("jobId", jobId))
            .compose(cancelled -> addOutcomes(conn, jobId, 0, 0, cancelled).map(v -> sum + cancelled)));
      }
      return swept;
    }))));
  }

  /** Adds final outcomes to the job's counts and completes it when every message has one. */
  private Future<Void> addOutcomes(SqlClient client, String jobId, int delivered, int failed, int cancelled) {
    return addOutcomes(client, jobId, delivered, failed, cancelled, 0);
  }

  /** … of which {@code tokenInvalid} failed ones whose provider said their token is gone. */
  private Future<Void> addOutcomes(SqlClient client, String jobId, int delivered, int failed, int cancelled,
                                   int tokenInvalid) {
    if (delivered + failed + cancelled == 0) {
      return Future.succeededFuture();
    }
    return update(client, sql.addOutcomes, params("jobId", jobId, "delivered", delivered, "failed", failed,
        "cancelled", cancelled, "tokenInvalid", tokenInvalid)).mapEmpty();
  }

  @Override
  public Future<List<JobView>> takeUnnotified(int limit, long leaseMs) {
    return guard("takeUnnotified", inTransaction(conn -> query(conn, sql.takeUnnotified, params("limit", (long) limit,
            "leaseMs", leaseMs)))
        .map(rows -> {
          List<JobView> jobs = jobs(rows);
          jobs.sort(Comparator.comparing(JobView::finishedAt).thenComparing(JobView::jobId));
          return jobs;
        }));
  }

  @Override
  public Future<Void> markNotified(String jobId) {
    return guard("markNotified", inTransaction(conn -> update(conn, sql.markNotified, params("jobId", jobId)))
        .mapEmpty());
  }

  @Override
  public Future<Integer> purge(long retentionMs, int limit) {
    Map<String, Object> params = params("retentionMs", retentionMs, "abandonedMs", ABANDONED_INTAKE_MS,
        "limit", (long) limit);
    return guard("purge", pool.withTransaction(conn -> query(conn, sql.purgeable, params).compose(rows -> {
      List<String> jobIds = new ArrayList<>();
      rows.forEach(row -> jobIds.add(row.getString("id")));
      return jobIds.isEmpty() ? Future.succeededFuture(0) : deleteJobs(conn, jobIds).map(jobIds.size());
    })));
  }

  private Future<Void> deleteJobs(SqlConnection conn, List<String> jobIds) {
    List<Map<String, Object>> rows = jobIds.stream().map(id -> params("jobId", id)).toList();
    return batch(conn, sql.deleteMessages, rows).compose(v -> batch(conn, sql.deleteJob, rows));
  }

  @Override
  public Future<Map<String, Long>> pendingByTarget() {
    return guard("pendingByTarget", query(pool, sql.pendingByTarget, Map.of()).map(rows -> {
      Map<String, Long> pending = new HashMap<>();
      rows.forEach(row -> pending.put(row.getString("target"), row.getLong("pending")));
      return pending;
    }));
  }

  @Override
  public Future<Map<JobStatus, Long>> countByStatus() {
    return guard("countByStatus", query(pool, sql.countByStatus, Map.of()).map(rows -> {
      Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
      for (JobStatus status : JobStatus.values()) {
        if (status != JobStatus.RECEIVING) {
          counts.put(status, 0L);
        }
      }
      rows.forEach(row -> counts.put(JobStatus.fromStored(row.getString("status")), row.getLong("jobs")));
      return counts;
    }));
  }

  @Override
  public Future<Void> ping() {
    return guard("ping", pool.query(sql.ping).execute().mapEmpty());
  }

  @Override
  public Future<Void> announceWork() {
    return announcements == null ? Future.succeededFuture()
        : guard("announceWork", pool.query(sql.announce).execute().mapEmpty());
  }

  @Override
  public void onWorkAnnounced(Handler<Void> handler) {
    if (announcements != null) {
      announcements.subscribe(handler);
    }
  }

  @Override
  public Future<Void> close() {
    Future<Void> listening = announcements == null ? Future.succeededFuture() : announcements.close();
    return Future.join(listening, pool.close()).mapEmpty();
  }

  /**
   * Runs a write in a transaction of its own, never as a bare statement: vertx-jdbc-client 5.0.7 leaves its
   * connection in manual commit after every transaction (vert-x3/vertx-jdbc-client#356, fixed after 5.0.7), so on
   * SQLite a bare write would stay uncommitted, and be lost in a crash, until the next transaction commits it. On
   * PostgreSQL it costs a BEGIN and a COMMIT on writes that are rare (a job's intake, a lease, a notification).
   */
  private <T> Future<T> inTransaction(Function<SqlConnection, Future<T>> write) {
    return pool.withTransaction(write);
  }

  private static Future<RowSet<Row>> query(SqlClient client, String statement, Map<String, Object> params) {
    return SqlTemplate.forQuery(client, statement).execute(params);
  }

  private static Future<Integer> update(SqlClient client, String statement, Map<String, Object> params) {
    return SqlTemplate.forUpdate(client, statement).execute(params).map(SqlResult::rowCount);
  }

  /** One statement for many rows, in one round trip. */
  private static Future<Void> batch(SqlClient client, String statement, List<Map<String, Object>> rows) {
    return SqlTemplate.forUpdate(client, statement).executeBatch(rows).mapEmpty();
  }

  /** Parameters by name; unlike {@code Map.of}, values may be null (SQL NULL). */
  private static Map<String, Object> params(Object... namesAndValues) {
    Map<String, Object> params = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      params.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return params;
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  private static List<JobView> jobs(RowSet<Row> rows) {
    List<JobView> jobs = new ArrayList<>(rows.size());
    rows.forEach(row -> jobs.add(JobRows.job(row)));
    return jobs;
  }

  /** Passes the contract's and a caller's failures on; anything else means the store is unavailable. */
  private static <T> Future<T> guard(String operation, Future<T> future) {
    return future.recover(failure -> Future.failedFuture(failure instanceof IdempotencyKeyTaken
        || failure instanceof StoreUnavailableException || failure instanceof IllegalArgumentException
        || failure instanceof IllegalStateException ? failure
        : new StoreUnavailableException("job store: " + operation + " failed: " + failure.getMessage(), failure)));
  }
}
