package io.pushgate.sender;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * How one message is handed to one kind of target. The sender's delivery loop (limits, retries, deadlines) is the
 * same for every protocol; only this call differs.
 */
interface TargetProtocol {

  /**
   * Makes one attempt. The returned future always succeeds: a failure to get an answer is an
   * {@link AttemptResult} too.
   *
   * @param body the message as JSON bytes
   * @param messageId the message's id, the same on every attempt
   * @param requestId the id of the request the message belongs to
   * @param timeoutMs how long the whole attempt may take, from asking for a connection to the answer's last byte
   */
  Future<AttemptResult> attempt(Buffer body, String messageId, String requestId, long timeoutMs);
}
