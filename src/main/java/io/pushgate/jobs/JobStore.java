package io.pushgate.jobs;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where jobs and their messages live: the embedded SQLite file or a shared PostgreSQL database. Every method returns
 * a {@code Future} and never blocks its caller; a store that cannot be reached fails the future with
 * {@link StoreUnavailableException}. Times are the store's own clock (PostgreSQL's {@code now()}), never a node's.
 *
 * <p>A job is written in three steps so that neither its body nor its messages are ever held whole in memory:
 * {@link #beginIntake} reserves it (status {@link JobStatus#RECEIVING}, seen by no API), {@link #appendMessages} adds
 * them a few thousand at a time, and {@link #commitIntake} makes it {@link JobStatus#QUEUED} once every message is
 * durably stored. {@link #abandonIntake} removes a job whose body turned out bad or whose client went away.
 *
 * <p>Nodes work on jobs through claims: {@link #claim} takes waiting messages of one job under a lease held by a
 * claim id, {@link #renewLeases} keeps them while the node works, {@link #record} writes their outcomes (in one
 * round trip per chunk), and {@link #reclaimExpiredLeases} gives the messages of a node that died back to the pool.
 * A node writes only messages its own claim id still holds. SQLite, which one process owns, hands out the messages
 * never put back by each job's cursor instead: they need no lease, are held by the process whatever the claim id,
 * and are handed out again after a restart ({@link #migrate}).
 *
 * <p>Thread-safe.
 */
public interface JobStore {

  /** Creates or migrates the schema to the version this build knows; fails when the store is newer. */
  Future<Void> migrate();

  /**
   * Reserves a job. Fails with {@link IdempotencyKeyTaken} when another job holds {@code job.idempotencyKey()}
   * (two intakes racing with one key: the loser learns the winner's id).
   */
  Future<Void> beginIntake(NewJob job);

  /** Stores {@code bodies} as the messages {@code firstIndex}, {@code firstIndex + 1}, ... of a job being received. */
  Future<Void> appendMessages(String jobId, int firstIndex, List<Buffer> bodies);

  /**
   * Makes a received job {@link JobStatus#QUEUED}, with its target and total, once everything is committed and synced.
   *
   * @param notify the target told when the job ends, or {@code null}
   * @param bodyHash the hash of the body, compared when the idempotency key comes again
   * @param expiresInMs after how long its pending messages end {@code failed} / {@code expired}, or {@code null}
   * @return the job as queued
   */
  Future<JobView> commitIntake(String jobId, String target, String notify, int total, String bodyHash,
                               Long expiresInMs);

  /** Deletes a job that was never committed, with whatever messages of it were stored. */
  Future<Void> abandonIntake(String jobId);

  /** The job, unless unknown or still being received. */
  Future<Optional<JobView>> find(String jobId);

  /** The committed job holding {@code idempotencyKey}, with its body hash. */
  Future<Optional<KnownJob>> findByIdempotencyKey(String idempotencyKey);

  /** The newest committed jobs first, all or those with {@code status} ({@code null} for all). */
  Future<List<JobView>> list(JobStatus status, int limit);

  /**
   * Results in index order after {@code after} (-1 for the start), at most {@code limit}, all or those whose API
   * status is {@code status} ({@code pending}, {@code delivered}, {@code failed}, {@code cancelled}; {@code null}
   * for all). Empty when the job is unknown.
   */
  Future<Optional<ResultsPage>> results(String jobId, int after, int limit, String status);

  /**
   * Cancels a job: its waiting messages end {@link MessageState#CANCELLED}, claimed ones finish. Changes nothing on a
   * finished job. Empty when the job is unknown.
   */
  Future<Optional<JobView>> cancel(String jobId);

  /** Jobs with messages to send ({@link JobStatus#QUEUED} or {@link JobStatus#RUNNING}), oldest first. */
  Future<List<JobView>> activeJobs();

  /**
   * Claims up to {@code limit} waiting messages of one job whose time has come, in index order, under
   * {@code claimId} for {@code leaseMs}, and marks the job {@link JobStatus#RUNNING} (with its start time) if it was
   * queued.
   */
  Future<List<ClaimedMessage>> claim(String jobId, String claimId, int limit, long leaseMs);

  /**
   * Extends the lease of every message {@code claimId} holds; returns how many it holds (on SQLite, of those claimed
   * row by row: the put-back ones).
   */
  Future<Integer> renewLeases(String claimId, long leaseMs);

  /**
   * Writes outcomes of messages {@code claimId} holds, in one round trip, updates the job's counts, and completes the
   * job when every message has its final outcome. Outcomes of messages the claim no longer holds are dropped.
   */
  Future<Void> record(String jobId, String claimId, List<MessageResult> results);

  /**
   * Puts messages whose lease ran out (their node died or stalled) back to waiting; returns how many. The caller's
   * own claims are left alone: after an outage longer than the lease, its outcomes are still on their way.
   */
  Future<Integer> reclaimExpiredLeases(String ownClaimId);

  /**
   * Ends the waiting messages of jobs past their expiry {@code failed} / {@code expired}, and those left waiting in a
   * cancelled job ({@code cancelled}: put back while the cancel ran on another connection); returns how many.
   */
  Future<Integer> expireJobs();

  /**
   * Takes up to {@code limit} finished jobs whose {@code notify} target has not been told yet, oldest first, and holds
   * them for {@code leaseMs} so that no other node tells the same target at the same time; a node that dies before
   * {@link #markNotified} leaves them to be taken again.
   */
  Future<List<JobView>> takeUnnotified(int limit, long leaseMs);

  /** Records that the notify target of a finished job was told (or given up on). */
  Future<Void> markNotified(String jobId);

  /**
   * Deletes up to {@code limit} jobs finished more than {@code retentionMs} ago with their messages, and intakes
   * abandoned by a client or a crash; returns how many jobs it deleted.
   */
  Future<Integer> purge(long retentionMs, int limit);

  /** Messages without a final outcome, per target, of every job not cancelled: for metrics and {@code /v1/targets}. */
  Future<Map<String, Long>> pendingByTarget();

  /** Committed jobs per status (every {@link JobStatus} but {@link JobStatus#RECEIVING}, zeros included). */
  Future<Map<JobStatus, Long>> countByStatus();

  /** Succeeds when the store answers a trivial query. */
  Future<Void> ping();

  /**
   * Tells the runners of every node sharing the store that there is new work (PostgreSQL {@code NOTIFY}); a no-op
   * for SQLite, whose only runner is woken in-process. A hint only: runners poll too.
   */
  Future<Void> announceWork();

  /** Calls {@code handler} when another node announces work; a no-op for SQLite. */
  void onWorkAnnounced(Handler<Void> handler);

  /** Closes the pool. */
  Future<Void> close();
}
