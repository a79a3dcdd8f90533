package io.pushgate.jobs;

import io.vertx.core.buffer.Buffer;

/**
 * A job message a node has claimed under a lease, to send.
 *
 * @param index the message's index in its job
 * @param body the JSON bytes to POST, as the caller gave them
 * @param attempts attempts it has had before this claim (a pause or a crash may have interrupted them)
 */
public record ClaimedMessage(int index, Buffer body, int attempts) {
}
