package io.pushgate.jobs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where one job message is, as stored. {@link #CLAIMED} is a message a node has taken under a lease (on the wire, or
 * about to be); the API shows it, like {@link #WAITING}, as {@code pending}. On SQLite a message its job's cursor
 * handed out stays {@link #WAITING} on the wire ({@link SqlDialect#claimsByCursor}).
 */
public enum MessageState {
  WAITING("pending"), CLAIMED("pending"), DELIVERED("delivered"), FAILED("failed"), CANCELLED("cancelled");

  private final String json;
  /** Kept, not made per call: each outcome written names its state. */
  private final String stored;

  MessageState(String json) {
    this.json = json;
    this.stored = name().toLowerCase(Locale.ROOT);
  }

  /** The stored name. */
  public String stored() {
    return stored;
  }

  /** The result status in the API. */
  public String json() {
    return json;
  }

  /** Whether the message has its final outcome. */
  public boolean isFinal() {
    return this == DELIVERED || this == FAILED || this == CANCELLED;
  }

  public static MessageState fromStored(String stored) {
    return valueOf(stored.toUpperCase(Locale.ROOT));
  }

  /** The result filter of {@code GET /v1/jobs/<id>/results?status=}: one of the API's four result statuses. */
  public static Optional<String> parseResultStatus(String status) {
    return Arrays.stream(values()).map(MessageState::json).filter(status::equals).findFirst();
  }
}
