package io.pushgate.bus;

/** Names of event-bus message headers used by the gateway. */
public final class BusHeaders {

  /** The id of the request a message belongs to, for logs on both sides of the bus. */
  public static final String REQUEST_ID = "x-request-id";

  /**
   * On {@link Addresses#JOBS_SUBMIT}: the caller's idempotency key, as the {@code Idempotency-Key} HTTP header of
   * {@code POST /v1/jobs} (at most 256 characters).
   */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /**
   * On a {@link SendCommand} within a node: the local address the sender also sends the chunk's outcomes to as they
   * come, a {@link ChunkOutcome} of those finished since the last one every {@link #PROGRESS_EVERY_MS}, before its
   * reply (which holds them all). The job runner asks for it, so that an outcome is stored soon after it is known,
   * not when the chunk's slowest message ends.
   */
  public static final String OUTCOMES_TO = "pushgate-outcomes-to";

  /**
   * With {@link #OUTCOMES_TO}: the caller's id for the chunk, which the sender puts on each of those messages, so that
   * late outcomes of a chunk the caller gave up on are never taken for another's.
   */
  public static final String CHUNK_ID = "pushgate-chunk-id";

  /** How often a sender sends the outcomes {@link #OUTCOMES_TO} asks for, in milliseconds. */
  public static final long PROGRESS_EVERY_MS = 50;

  private BusHeaders() {
  }
}
