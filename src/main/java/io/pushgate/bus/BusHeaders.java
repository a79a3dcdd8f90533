package io.pushgate.bus;

/** Names of event-bus message headers used by the gateway. */
public final class BusHeaders {

  /** The id of the request a message belongs to, for logs on both sides of the bus. */
  public static final String REQUEST_ID = "x-request-id";

  private BusHeaders() {
  }
}
