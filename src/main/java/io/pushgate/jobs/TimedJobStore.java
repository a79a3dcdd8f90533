package io.pushgate.jobs;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link JobStore} whose every operation is timed into {@link JobMeters}' store histogram. */
public final class TimedJobStore implements JobStore {

  private final JobStore store;
  private final JobMeters meters;

  public TimedJobStore(JobStore store, JobMeters meters) {
    this.store = store;
    this.meters = meters;
  }

  @Override
  public Future<Void> migrate() {
    return meters.timed("migrate", store.migrate());
  }

  @Override
  public Future<Void> beginIntake(NewJob job) {
    return meters.timed("begin_intake", store.beginIntake(job));
  }

  @Override
  public Future<Void> appendMessages(String jobId, int firstIndex, List<Buffer> bodies) {
    return meters.timed("append_messages", store.appendMessages(jobId, firstIndex, bodies));
  }

  @Override
  public Future<JobView> commitIntake(String jobId, String target, String notify, int total, String bodyHash,
                                      Long expiresInMs) {
    return meters.timed("commit_intake", store.commitIntake(jobId, target, notify, total, bodyHash, expiresInMs));
  }

  @Override
  public Future<Void> abandonIntake(String jobId) {
    return meters.timed("abandon_intake", store.abandonIntake(jobId));
  }

  @Override
  public Future<Optional<JobView>> find(String jobId) {
    return meters.timed("find", store.find(jobId));
  }

  @Override
  public Future<Optional<KnownJob>> findByIdempotencyKey(String idempotencyKey) {
    return meters.timed("find_by_idempotency_key", store.findByIdempotencyKey(idempotencyKey));
  }

  @Override
  public Future<List<JobView>> list(JobStatus status, int limit) {
    return meters.timed("list", store.list(status, limit));
  }

  @Override
  public Future<Optional<ResultsPage>> results(String jobId, int after, int limit, String status) {
    return meters.timed("results", store.results(jobId, after, limit, status));
  }

  @Override
  public Future<Optional<JobView>> cancel(String jobId) {
    return meters.timed("cancel", store.cancel(jobId));
  }

  @Override
  public Future<List<JobView>> activeJobs() {
    return meters.timed("active_jobs", store.activeJobs());
  }

  @Override
  public Future<List<ClaimedMessage>> claim(String jobId, String claimId, int limit, long leaseMs) {
    return meters.timed("claim", store.claim(jobId, claimId, limit, leaseMs));
  }

  @Override
  public Future<Integer> renewLeases(String claimId, long leaseMs) {
    return meters.timed("renew_leases", store.renewLeases(claimId, leaseMs));
  }

  @Override
  public Future<Void> record(String jobId, String claimId, List<MessageResult> results) {
    return meters.timed("record", store.record(jobId, claimId, results));
  }

  @Override
  public Future<Integer> reclaimExpiredLeases(String ownClaimId) {
    return meters.timed("reclaim_expired_leases", store.reclaimExpiredLeases(ownClaimId));
  }

  @Override
  public Future<Integer> expireJobs() {
    return meters.timed("expire_jobs", store.expireJobs());
  }

  @Override
  public Future<List<JobView>> takeUnnotified(int limit, long leaseMs) {
    return meters.timed("take_unnotified", store.takeUnnotified(limit, leaseMs));
  }

  @Override
  public Future<Void> markNotified(String jobId) {
    return meters.timed("mark_notified", store.markNotified(jobId));
  }

  @Override
  public Future<Integer> purge(long retentionMs, int limit) {
    return meters.timed("purge", store.purge(retentionMs, limit));
  }

  @Override
  public Future<Map<String, Long>> pendingByTarget() {
    return meters.timed("pending_by_target", store.pendingByTarget());
  }

  @Override
  public Future<Map<JobStatus, Long>> countByStatus() {
    return meters.timed("count_by_status", store.countByStatus());
  }

  @Override
  public Future<Void> ping() {
    return meters.timed("ping", store.ping());
  }

  @Override
  public Future<Void> announceWork() {
    return store.announceWork();
  }

  @Override
  public void onWorkAnnounced(Handler<Void> handler) {
    store.onWorkAnnounced(handler);
  }

  @Override
  public Future<Void> close() {
    return store.close();
  }
}
