package io.pushgate.bus;

/** The final state of one pushed message. */
public enum DeliveryStatus {
  /** The target answered with a 2xx status. */
  DELIVERED("delivered"),
  /** The target refused the message (a 4xx other than 408/429), or every attempt failed without a timeout. */
  FAILED("failed"),
  /** No answer came before the per-attempt timeout on the last attempt, or before the request's deadline. */
  TIMEOUT("timeout");

  private final String json;

  DeliveryStatus(String json) {
    this.json = json;
  }

  /** The value used on the wire: {@code delivered}, {@code failed} or {@code timeout}. */
  public String json() {
    return json;
  }
}
