package io.pushgate.jobs;

/** {@link JobStore#beginIntake} found the idempotency key held by another job, {@code jobId}. */
public final class IdempotencyKeyTaken extends RuntimeException {

  private final String jobId;

  public IdempotencyKeyTaken(String jobId) {
    super("idempotency key held by job " + jobId, null, false, false);
    this.jobId = jobId;
  }

  public String jobId() {
    return jobId;
  }
}
