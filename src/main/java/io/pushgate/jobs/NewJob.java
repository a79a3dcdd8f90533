package io.pushgate.jobs;

/**
 * A job whose body is about to be stored.
 *
 * @param jobId its id
 * @param target the target, or {@code null} when the body names it later (JSON with {@code messages} first)
 * @param idempotencyKey the caller's {@code Idempotency-Key}, or {@code null}
 */
public record NewJob(String jobId, String target, String idempotencyKey) {
}
