package io.pushgate.bus;

/**
 * Event-bus addresses of the gateway, {@code <system>.<component>.<verb>}.
 *
 * <p>{@link #PUSH} is the public contract; the others are internal to the gateway and may change.
 */
public final class Addresses {

  /**
   * Public batch API. Consumes a {@link io.vertx.core.json.JsonObject} shaped like the body of
   * {@code POST /v1/push} and replies with the summary {@link BatchResult#toJson()} returns. Refusals fail the
   * message with a {@link io.vertx.core.eventbus.ReplyException} whose {@code failureCode()} is the matching HTTP
   * status and whose message is the JSON error object ({@link GatewayException#toJson()}) as text.
   */
  public static final String PUSH = "pushgate.push";

  /** Internal: a parsed {@link PushRequest} from the HTTP API; replies a {@link BatchResult}. */
  public static final String AGGREGATE_BATCH = "pushgate.aggregate.batch";

  /** Internal: a {@link SendCommand} (one chunk of one batch) to a sender; replies a {@link ChunkOutcome}. */
  public static final String SENDER_SEND = "pushgate.sender.send";

  private Addresses() {
  }
}
