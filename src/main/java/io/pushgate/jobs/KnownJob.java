package io.pushgate.jobs;

/**
 * A job found by its idempotency key, with the hash of the body that made it, to tell a retry from a conflict.
 */
public record KnownJob(JobView job, String bodyHash) {
}
