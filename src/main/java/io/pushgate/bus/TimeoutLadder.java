package io.pushgate.bus;

/**
 * The time limits of one request, in the one order that lets each waiter outlast what it waits for, so that an answer
 * always comes from the part that knows most and a backstop only fires when an answer was lost:
 *
 * <ol>
 *   <li>the HTTP API waits for the aggregator: the deadline + {@link #API_GRACE_MS};</li>
 *   <li>the aggregator's backstop answers for chunks whose answer never came: the deadline +
 *       {@link #BACKSTOP_GRACE_MS};</li>
 *   <li>the aggregator's bus request to a sender: the time left + {@link #SENDER_GRACE_MS};</li>
 *   <li>the sender answers for its chunk by the time left when the chunk was sent (its deadline);</li>
 *   <li>one attempt, whole (connecting, sending, the answer's last byte): the target's {@code timeoutMs}, cut to
 *       what is left of the chunk's deadline.</li>
 * </ol>
 *
 * The graces are generous because each part counts its time from when it takes the work: an event loop lagging under
 * load must not turn deliveries into timeouts one step up.
 *
 * <p>At shutdown, when {@code shutdown.drainMs} is up and requests are still in flight: the senders answer for their
 * chunks at once; {@link #SHUTDOWN_BATCH_GRACE_MS} later the aggregators answer for whatever has not reached them;
 * the drain then waits up to {@link #SHUTDOWN_WRITE_GRACE_MS} for the answers to be written before the server closes.
 * All values in milliseconds.
 */
public final class TimeoutLadder {

  /** How long after the deadline the HTTP API still waits for the aggregator. */
  public static final long API_GRACE_MS = 3000;
  /** How long after the deadline the aggregator answers for chunks whose answer never came. */
  public static final long BACKSTOP_GRACE_MS = 1500;
  /** How long after the deadline a sender's answer is still awaited on the bus. */
  public static final long SENDER_GRACE_MS = 1000;

  /** At shutdown: how long the aggregators wait for the senders' last answers before answering for the rest. */
  public static final long SHUTDOWN_BATCH_GRACE_MS = 250;
  /** At shutdown: how long the drain waits for the last answers to be written before the server closes. */
  public static final long SHUTDOWN_WRITE_GRACE_MS = 1000;

  private TimeoutLadder() {
  }

  /** Step 1: the HTTP API's bus timeout for a request whose deadline is {@code deadlineMs}. */
  public static long apiWaitMs(long deadlineMs) {
    return deadlineMs + API_GRACE_MS;
  }

  /** Step 2: when the aggregator's backstop fires for a request whose deadline is {@code deadlineMs}. */
  public static long backstopMs(long deadlineMs) {
    return deadlineMs + BACKSTOP_GRACE_MS;
  }

  /** Step 3: the bus timeout of a chunk sent with {@code remainingMs} left before the deadline. */
  public static long senderWaitMs(long remainingMs) {
    return remainingMs + SENDER_GRACE_MS;
  }

  /** Step 5: one attempt's timeout, the target's own cut to the {@code chunkRemainingMs} of step 4. */
  public static long attemptMs(long targetTimeoutMs, long chunkRemainingMs) {
    return Math.min(targetTimeoutMs, chunkRemainingMs);
  }
}
