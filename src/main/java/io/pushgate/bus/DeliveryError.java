package io.pushgate.bus;

/**
 * Why a message, or one attempt of it, got no answer from its target: the {@code error} of a result and, for the
 * reasons an attempt can end with, the {@code outcome} label of {@code pushgate_attempts_total}. The one list of these
 * words: every other place reads them from here.
 */
public enum DeliveryError {
  /** Connecting or talking to the target failed. An attempt outcome. */
  CONNECTION_FAILED("connection_failed", true),
  /** An attempt got no answer within its timeout. An attempt outcome. */
  TIMEOUT("timeout", true),
  /** The target's circuit breaker was open: the message never left the gateway. An attempt outcome. */
  CIRCUIT_OPEN("circuit_open", true),
  /**
   * The target answered with something that is not HTTP: a final status outside 200-599. Retried like a failed connection
   * and counted by the circuit breaker, since a broken target may recover. An attempt outcome.
   */
  INVALID_RESPONSE("invalid_response", true),
  /** The request's deadline passed before the message had an outcome. */
  DEADLINE_EXCEEDED("deadline_exceeded", false),
  /** No sender took the message, or the gateway shut down before it had an outcome. */
  UNAVAILABLE("unavailable", false);

  private final String json;
  private final boolean attemptOutcome;

  DeliveryError(String json, boolean attemptOutcome) {
    this.json = json;
    this.attemptOutcome = attemptOutcome;
  }

  /** The value clients read in a result's {@code error} field. */
  public String json() {
    return json;
  }

  /** Whether one attempt can end this way, so that it is also an {@code outcome} label of the attempt metric. */
  public boolean attemptOutcome() {
    return attemptOutcome;
  }
}
