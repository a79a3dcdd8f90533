package io.pushgate.jobs;

/**
 * Every statement of {@link SqlJobStore}, in {@code SqlTemplate} form ({@code #{name}} parameters), with the
 * dialect's placeholders filled (see {@link SqlDialect#render}). Statuses and states are the lower-case names of
 * {@link JobStatus} and {@link MessageState}.
 */
final class JobSql {

  /** The columns {@link JobRows#job} reads. */
  private static final String JOB = "id, target, status, total, delivered, failed, cancelled, created_at, started_at,"
      + " finished_at, notify_target, expires_at, token_invalid";
  private static final String RESULT = "idx, state, attempts, latency_ms, http_status, response, response_json, error,"
      + " detail, token_invalid";
  private static final String ACTIVE = "status IN ('queued', 'running')";
  private static final String FINISHED = "status IN ('completed', 'cancelled')";

  final String ping = "SELECT 1";
  final String announce = "NOTIFY " + WorkAnnouncements.CHANNEL;

  final String createSchemaVersion = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
      + " applied_at BIGINT NOT NULL)";
  final String schemaVersion = "SELECT MAX(version) AS version FROM schema_version";
  final String addSchemaVersion;

  /** The key's conflict makes no row: the caller then reads who holds the key. */
  final String beginIntake;
  final String keyHolder = "SELECT id FROM jobs WHERE idempotency_key = #{key}";
  final String appendMessage = "INSERT INTO job_messages (job_id, idx, body, state, attempts, available_at,"
      + " response_json) VALUES (#{jobId}, #{index}, #{body}, 'waiting', 0, 0, 0)";
  /** A null {@code expiresInMs} makes a null {@code expires_at}: never. */
  final String commitIntake;
  final String deleteMessages = "DELETE FROM job_messages WHERE job_id = #{jobId}";
  final String deleteJob = "DELETE FROM jobs WHERE id = #{jobId}";

  final String find = "SELECT " + JOB + " FROM jobs WHERE id = #{jobId} AND status <> 'receiving'";
  final String findByKey = "SELECT " + JOB + ", body_hash FROM jobs WHERE idempotency_key = #{key}"
      + " AND status <> 'receiving'";
  final String listAll = "SELECT " + JOB + " FROM jobs WHERE status <> 'receiving'"
      + " ORDER BY created_at DESC, id DESC LIMIT #{limit}";
  final String listByStatus = "SELECT " + JOB + " FROM jobs WHERE status = #{status}"
      + " ORDER BY created_at DESC, id DESC LIMIT #{limit}";
  final String activeJobs = "SELECT " + JOB + " FROM jobs WHERE " + ACTIVE + " ORDER BY created_at, id";

  final String resultsAll = "SELECT " + RESULT + " FROM job_messages WHERE job_id = #{jobId} AND idx > #{after}"
      + " ORDER BY idx LIMIT #{limit}";
  /** One state: an equality, so that SQLite can read a partial index on it ({@code failed}). */
  final String resultsInState = "SELECT " + RESULT + " FROM job_messages WHERE job_id = #{jobId}"
      + " AND state = #{state1} AND idx > #{after} ORDER BY idx LIMIT #{limit}";
  /** Two states: the API's {@code pending} is waiting and claimed. */
  final String resultsInStates = "SELECT " + RESULT + " FROM job_messages WHERE job_id = #{jobId}"
      + " AND state IN (#{state1}, #{state2}) AND idx > #{after} ORDER BY idx LIMIT #{limit}";

  final String cancelJob;
  /** A job's waiting messages that no claim holds. */
  final String cancelWaiting;
  /** Messages that came back to waiting (a put-back outcome, a lost lease) after their job was cancelled. */
  final String cancelLeftovers;
  /** Adds final outcomes to a job's counts and completes it when none is missing; a cancelled job stays so. */
  final String addOutcomes;

  /**
   * Claims in index order. The CTE is evaluated once; on PostgreSQL it skips rows another claim is taking, so that
   * concurrent claims get disjoint messages. Where claims go by cursor (SQLite), it takes the put-back messages only.
   */
  final String claim;
  /** SQLite: the next messages never put back at or past the job's cursor, while the job is live (not expired). */
  final String handOut;
  final String advanceCursor = "UPDATE jobs SET claimed_through = #{through} WHERE id = #{jobId}";
  /**
   * SQLite: a hand-out of a live job found fewer than it asked for, so every message past them was put back or has
   * its outcome: the cursor goes to the end, and the next hand-outs read nothing (after a restart, they would walk
   * the put-back messages again). Not for a job that is not live: its hand-out found nothing because of that.
   */
  final String exhaustCursor;
  /** SQLite at start-up: what the cursors held was the process's that died, and is handed out again. */
  final String resetCursors = "UPDATE jobs SET claimed_through = 0 WHERE claimed_through > 0";
  final String start;
  final String renewLeases;
  /**
   * The messages a claim still holds, locked on PostgreSQL until the outcomes are written; on SQLite, those its
   * cursor handed out too.
   */
  final String held;
  final String record;
  final String reclaim;
  final String expiredJobs;
  final String expireWaiting;
  /**
   * Cancelled jobs with messages still waiting: a message put back by an outcome or a lost lease while its job was
   * being cancelled on another connection, which neither saw as waiting. Rows locked first, as claim does.
   */
  final String cancelledWithWaiting;

  final String takeUnnotified;
  final String markNotified;
  /** Finished jobs past retention, and intakes never committed for an hour (a client gone, a crash). */
  final String purgeable;

  final String pendingByTarget = "SELECT target, SUM(total - delivered - failed - cancelled) AS pending FROM jobs"
      + " WHERE " + ACTIVE + " GROUP BY target";
  final String countByStatus = "SELECT status, COUNT(*) AS jobs FROM jobs WHERE status <> 'receiving' GROUP BY status";

  /**
   * SQLite at start-up: the claims of the process that died (claimed rows, and what its cursors handed out), counted
   * for a cancelled job, back otherwise.
   */
  final String countOrphanClaimsCancelled = "UPDATE jobs SET cancelled = cancelled"
      + " + (SELECT COUNT(*) FROM job_messages m WHERE m.job_id = jobs.id AND m.state = 'claimed')"
      + " + (SELECT COUNT(*) FROM job_messages WHERE job_id = jobs.id AND state = 'waiting' AND "
      + handedOut("jobs.id") + ") WHERE status = 'cancelled' AND (claimed_through > 0"
      + " OR EXISTS (SELECT 1 FROM job_messages m WHERE m.job_id = jobs.id AND m.state = 'claimed'))";
  final String releaseOrphanClaims = "UPDATE job_messages SET claim_id = NULL, lease_until = NULL, state = CASE WHEN"
      + " EXISTS (SELECT 1 FROM jobs WHERE id = job_messages.job_id AND status = 'cancelled') THEN 'cancelled'"
      + " ELSE 'waiting' END WHERE state = 'claimed'";
  final String cancelOrphanHandedOut = "UPDATE job_messages SET state = 'cancelled' WHERE state = 'waiting'"
      + " AND job_id IN (SELECT id FROM jobs WHERE status = 'cancelled' AND claimed_through > 0) AND "
      + handedOut("job_messages.job_id");

  /** SQLite at start-up: the intakes of the process that died, messages first. */
  final String deleteOrphanIntakeMessages = "DELETE FROM job_messages WHERE job_id IN"
      + " (SELECT id FROM jobs WHERE status = 'receiving')";
  final String deleteOrphanIntakes = "DELETE FROM jobs WHERE status = 'receiving'";

  JobSql(SqlDialect dialect) {
    boolean cursor = dialect.claimsByCursor();
    // A waiting message no cursor holds is idle. The job named by a parameter, or each message's own (a lookup per
    // message).
    String idle = cursor ? " AND NOT " + handedOut("#{jobId}") : "";
    String idleOwnJob = cursor ? " AND NOT " + handedOut("job_messages.job_id") : "";
    String live = dialect.render(ACTIVE + " AND (expires_at IS NULL OR expires_at >= {now})");
    handOut = dialect.render("SELECT idx, body, attempts FROM job_messages WHERE job_id = #{jobId}"
        + " AND state = 'waiting' AND available_at = 0 AND idx >= (SELECT claimed_through FROM jobs WHERE id = #{jobId}"
        + " AND " + live + ") ORDER BY idx LIMIT #{limit}");
    exhaustCursor = "UPDATE jobs SET claimed_through = total WHERE id = #{jobId} AND claimed_through < total AND "
        + live;
    cancelWaiting = "UPDATE job_messages SET state = 'cancelled' WHERE job_id = #{jobId} AND state = 'waiting'" + idle;
    cancelLeftovers = cancelWaiting + " AND EXISTS (SELECT 1 FROM jobs WHERE id = #{jobId} AND status = 'cancelled')";
    addSchemaVersion = dialect.render("INSERT INTO schema_version (version, applied_at) VALUES (#{version}, {now})");
    beginIntake = dialect.render("INSERT INTO jobs (id, target, status, created_at, idempotency_key)"
        + " VALUES (#{jobId}, #{target}, 'receiving', {now}, #{key}) ON CONFLICT (idempotency_key) DO NOTHING");
    commitIntake = dialect.render("UPDATE jobs SET target = #{target}, notify_target = #{notify}, total = #{total},"
        + " body_hash = #{bodyHash}, expires_at = {now} + #{expiresInMs}, status = 'queued'"
        + " WHERE id = #{jobId} AND status = 'receiving'");
    cancelJob = dialect.render("UPDATE jobs SET status = 'cancelled', finished_at = {now} WHERE id = #{jobId} AND "
        + ACTIVE);
    String done = ACTIVE + " AND delivered + failed + cancelled + #{delivered} + #{failed} + #{cancelled} >= total";
    addOutcomes = dialect.render("UPDATE jobs SET delivered = delivered + #{delivered}, failed = failed + #{failed},"
        + " cancelled = cancelled + #{cancelled}, token_invalid = token_invalid + #{tokenInvalid},"
        + " status = CASE WHEN " + done + " THEN 'completed' ELSE status END,"
        + " finished_at = CASE WHEN " + done + " THEN {now} ELSE finished_at END WHERE id = #{jobId}");
    claim = dialect.render("WITH picked AS (SELECT job_id, idx FROM job_messages"
        + (cursor ? " INDEXED BY job_messages_put_back" : "") + " WHERE job_id = #{jobId}"
        + " AND state = 'waiting'" + (cursor ? " AND available_at > 0" : "") + " AND available_at <= {now}"
        + " AND EXISTS (SELECT 1 FROM jobs WHERE id = #{jobId} AND " + live + ")"
        // SQLite reads its put-back index in order, and stops at the limit; claim() sorts what it took by index.
        + (cursor ? " ORDER BY available_at, idx" : " ORDER BY idx") + " LIMIT #{limit}{skipLocked})"
        + " UPDATE job_messages SET state = 'claimed', claim_id = #{claimId}, lease_until = {now} + #{leaseMs}"
        + " WHERE (job_id, idx) IN (SELECT job_id, idx FROM picked) RETURNING idx, body, attempts");
    start = dialect.render("UPDATE jobs SET status = 'running', started_at = {now} WHERE id = #{jobId}"
        + " AND status = 'queued'");
    renewLeases = dialect.render("UPDATE job_messages SET lease_until = {now} + #{leaseMs} WHERE claim_id = #{claimId}"
        + " AND state = 'claimed'");
    // A range of the primary key: a node's claim id holds up to jobs.maxInFlight messages of many chunks (and on
    // PostgreSQL its index keeps the dead entries of all it held until a vacuum), the chunk's range a few.
    held = dialect.render("SELECT idx FROM job_messages WHERE job_id = #{jobId} AND idx BETWEEN #{first} AND #{last}"
        + (cursor ? " AND (claim_id = #{claimId} OR (state = 'waiting' AND " + handedOut("#{jobId}") + "))"
            : " AND claim_id = #{claimId}")
        + "{forUpdate}");
    record = dialect.render("UPDATE job_messages SET state = #{state}, attempts = #{attempts},"
        + " latency_ms = #{latencyMs}, http_status = #{httpStatus}, response = #{response},"
        + " response_json = #{responseJson}, error = #{error}, detail = #{detail},"
        + " token_invalid = #{tokenInvalid}, available_at = {now} + #{retryInMs}, claim_id = NULL, lease_until = NULL"
        // Only what held found is written, in the same transaction; PostgreSQL checks the claim again all the same.
        + " WHERE job_id = #{jobId} AND idx = #{index}" + (cursor ? "" : " AND claim_id = #{claimId}"));
    reclaim = dialect.render("UPDATE job_messages SET state = 'waiting', claim_id = NULL, lease_until = NULL"
        + " WHERE state = 'claimed' AND lease_until < {now} AND claim_id <> #{claimId} RETURNING job_id");
    expiredJobs = dialect.render("SELECT id FROM jobs WHERE " + ACTIVE + " AND expires_at < {now} ORDER BY id"
        + "{skipLocked}");
    cancelledWithWaiting = dialect.render("SELECT id FROM jobs WHERE status = 'cancelled' AND EXISTS"
        + " (SELECT 1 FROM job_messages WHERE job_id = jobs.id AND state = 'waiting'" + idleOwnJob + ") ORDER BY id"
        + "{skipLocked}");
    expireWaiting = "UPDATE job_messages SET state = 'failed', error = 'expired', detail = #{detail}"
        + " WHERE job_id = #{jobId} AND state = 'waiting'" + idle;
    takeUnnotified = dialect.render("WITH picked AS (SELECT id FROM jobs WHERE " + FINISHED
        + " AND notify_target IS NOT NULL AND notified_at IS NULL"
        + " AND (notify_lease_until IS NULL OR notify_lease_until < {now})"
        + " ORDER BY finished_at, id LIMIT #{limit}{skipLocked})"
        + " UPDATE jobs SET notify_lease_until = {now} + #{leaseMs} WHERE id IN (SELECT id FROM picked)"
        + " RETURNING " + JOB);
    markNotified = dialect.render("UPDATE jobs SET notified_at = {now}, notify_lease_until = NULL"
        + " WHERE id = #{jobId}");
    purgeable = dialect.render("SELECT id FROM jobs WHERE (" + FINISHED + " AND finished_at < {now} - #{retentionMs})"
        + " OR (status = 'receiving' AND created_at < {now} - #{abandonedMs})"
        + " ORDER BY created_at LIMIT #{limit}{skipLocked}");
  }

  /**
   * SQLite: whether a waiting message is one its job's cursor handed out (on the wire): never put back (its
   * {@code available_at} still 0, as stored at intake) and below the cursor. {@code jobId} names its job in SQL.
   */
  private static String handedOut(String jobId) {
    return "(available_at = 0 AND idx < (SELECT claimed_through FROM jobs c WHERE c.id = " + jobId + "))";
  }
}
