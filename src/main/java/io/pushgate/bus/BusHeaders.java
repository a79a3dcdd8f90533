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

  private BusHeaders() {
  }
}
