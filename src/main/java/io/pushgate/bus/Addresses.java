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

  /**
   * Public job API. Consumes a {@link io.vertx.core.json.JsonObject} shaped like the JSON body of
   * {@code POST /v1/jobs} and replies, once the job and all its messages are durably stored, with the {@code 202}
   * body ({@code jobId}, {@code status}, {@code target}, {@code total}, {@code createdAt}). Refusals fail as for
   * {@link #PUSH}; a store that cannot be reached is {@code 503} {@code store_unavailable}.
   */
  public static final String JOBS_SUBMIT = "pushgate.jobs.submit";

  /**
   * Internal, local to each node: published (no body) when a job was committed or cancelled on this node, so that
   * its job runner looks for work at once instead of at its next poll.
   */
  public static final String JOBS_WAKE = "pushgate.jobs.wake";

  /**
   * Internal, local to each node: the request id (a {@code String}; for a job, its job id) whose messages the senders
   * withdraw: those not on the wire end at once, {@code unavailable}, never sent; those on the wire finish without
   * retries. The job runner sends it when a job it has in the senders is cancelled.
   */
  public static final String SENDER_WITHDRAW = "pushgate.sender.withdraw";

  /**
   * Internal, local to each node: a {@link ChunkOutcome} of job messages a sender sends as they finish
   * ({@link BusHeaders#OUTCOMES_TO}), headers {@link BusHeaders#REQUEST_ID} (the job id) and {@link BusHeaders#CHUNK_ID};
   * consumed by the job runner.
   */
  public static final String JOBS_OUTCOMES = "pushgate.jobs.outcomes";

  /** Internal: a parsed {@link PushRequest} from the HTTP API; replies a {@link BatchResult}. */
  public static final String AGGREGATE_BATCH = "pushgate.aggregate.batch";

  /**
   * Internal: a {@link SendCommand} (one chunk of one batch) to a sender of a single node; replies a
   * {@link ChunkOutcome}. On a cluster each node's senders consume {@link #senderOn(String)} instead.
   */
  public static final String SENDER_SEND = "pushgate.sender.send";

  /**
   * Internal, local to each node: the Vert.x node id (a {@code String}) of a cluster member that Hazelcast removed,
   * published when it happens so that aggregators send that member's unanswered chunks again.
   */
  public static final String CLUSTER_NODE_LEFT = "pushgate.cluster.left";

  /**
   * Internal, cluster-wide: the Vert.x node id (a {@code String}) of a node that started draining, published by that
   * node so that every aggregator stops sending it chunks before it leaves.
   */
  public static final String CLUSTER_NODE_DRAINING = "pushgate.cluster.draining";

  /**
   * Internal, local to each node: published (no body) when the gateway's drain time is up, so that senders answer for
   * the chunks they hold and aggregators for the batches they run, before the server closes.
   */
  public static final String DRAIN_EXPIRED = "pushgate.node.drain-expired";

  /**
   * Internal, local to each node: the address the senders on the event loop whose thread is {@code threadName}
   * also consume {@link SendCommand}s on, so that a relayed message is sent from the event loop that took it
   * ({@link io.pushgate.aggregate.RelayDispatch}).
   */
  public static String senderOnLoop(String threadName) {
    return SENDER_SEND + ".loop." + threadName;
  }

  /** The stem of {@link #nodeLoadOn(String)}. */
  private static final String NODE_LOAD = "pushgate.node.load";

  /**
   * The address the senders of the cluster node {@code nodeId} consume {@link SendCommand}s on, so that an
   * aggregator knows which node holds each chunk and can send it again when that node is lost.
   */
  public static String senderOn(String nodeId) {
    return SENDER_SEND + "." + nodeId;
  }

  /**
   * Internal, cluster-wide: the address the cluster node {@code nodeId} answers with its {@link NodeLoad} (as JSON),
   * asked with no body; the console of every member asks each other member about once a second while it is open.
   */
  public static String nodeLoadOn(String nodeId) {
    return NODE_LOAD + "." + nodeId;
  }

  private Addresses() {
  }
}
