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

  /**
   * Why this kind cannot send {@code body} at all (no token, bad keys, too large, an endpoint not allowed): an
   * {@link AttemptResult#rejected} result, or {@code null} when it can. Asked before the circuit breaker, so that a
   * caller's bad messages neither count for nor against the target's health, and are named as what they are while
   * the circuit is open. {@link #attempt} refuses the same messages the same way.
   */
  default AttemptResult refusal(Buffer body) {
    return null;
  }

  /**
   * Which of the target's circuits {@code body} goes through ({@link TargetCircuits}): {@code null}, the target's
   * one, unless each message names its own endpoint, whose push service (the {@code allowedOrigins} entry the
   * endpoint matched) is then the key. Asked after {@link #refusal}, only of a message this kind can send.
   */
  default String circuitKey(Buffer body) {
    return null;
  }
}
