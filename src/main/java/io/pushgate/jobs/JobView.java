package io.pushgate.jobs;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A job as the API shows it ({@code GET /v1/jobs/<id>}). Times are milliseconds since the epoch, by the store's
 * clock, or {@code null} when not yet reached.
 *
 * @param notifyTarget the target told when the job ends, or {@code null}
 * @param expiresAt when messages still pending end {@code failed} / {@code expired}, or {@code null} for never
 * @param tokenInvalid failed messages whose push provider said their device token or subscription is gone
 */
public record JobView(String jobId, String target, JobStatus status, int total, int delivered, int failed,
                      int cancelled, long createdAt, Long startedAt, Long finishedAt, String notifyTarget,
                      Long expiresAt, int tokenInvalid) {

  /** Messages without a final outcome yet: waiting, on the wire, or waiting to retry. */
  public int pending() {
    return total - delivered - failed - cancelled;
  }

  /** The job's JSON in the API. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("jobId", jobId)
        .put("target", target)
        .put("status", status.json())
        .put("total", total)
        .put("delivered", delivered)
        .put("failed", failed)
        .put("pending", pending())
        .put("cancelled", cancelled)
        .put("tokenInvalid", tokenInvalid)
        .put("createdAt", time(createdAt))
        .put("startedAt", startedAt == null ? null : time(startedAt))
        .put("finishedAt", finishedAt == null ? null : time(finishedAt));
    if (notifyTarget != null) {
      json.put("notify", notifyTarget);
    }
    if (expiresAt != null) {
      json.put("expiresAt", time(expiresAt));
    }
    return json;
  }

  /** The {@code 202} body of {@code POST /v1/jobs}. */
  public JsonObject acceptedJson() {
    return new JsonObject().put("jobId", jobId).put("status", JobStatus.QUEUED.json()).put("target", target)
        .put("total", total).put("createdAt", time(createdAt));
  }

  private static String time(long epochMs) {
    return Instant.ofEpochMilli(epochMs).toString();
  }
}
