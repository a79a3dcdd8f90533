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
  CIRCUIT_OPEN("circuit_open", true, false),
  /**
   * The message is not one the target's kind can send (no device token, no subscription, bad keys): refused before
   * the network, never retried. An attempt outcome.
   */
  INVALID_MESSAGE("invalid_message", true, false),
  /** The message is larger than the provider takes (Web Push: 4096 bytes of ciphertext): refused before the network. */
  PAYLOAD_TOO_LARGE("payload_too_large", true, false),
  /** A Web Push endpoint outside the target's {@code allowedOrigins}: refused before the network. */
  ENDPOINT_NOT_ALLOWED("endpoint_not_allowed", true, false),
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
  private final boolean reachesNetwork;

  DeliveryError(String json, boolean attemptOutcome) {
    this(json, attemptOutcome, true);
  }

  DeliveryError(String json, boolean attemptOutcome, boolean reachesNetwork) {
    this.json = json;
    this.attemptOutcome = attemptOutcome;
    this.reachesNetwork = reachesNetwork;
  }

  /** The value clients read in a result's {@code error} field. */
  public String json() {
    return json;
  }

  /** Whether one attempt can end this way, so that it is also an {@code outcome} label of the attempt metric. */
  public boolean attemptOutcome() {
    return attemptOutcome;
  }

  /** Whether an attempt ending this way went to the network; those that did not are not counted as attempts. */
  public boolean reachesNetwork() {
    return reachesNetwork;
  }
}
