package io.pushgate.aggregate;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.BatchResult;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.PushRequest;
import io.pushgate.bus.TimeoutLadder;
import io.pushgate.cluster.ClusterView;
import io.pushgate.config.GatewayConfig;
import io.pushgate.config.PushConfig;
import io.pushgate.observability.GatewayMetrics;
import io.pushgate.observability.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs each batch: checks it against the limits, cuts it into chunks for the senders, gathers their outcomes and
 * answers once, in request order, by the request's deadline.
 *
 * <p>Consumes:
 * <ul>
 *   <li>{@link Addresses#PUSH}: the public JSON request ({@link PublicPushApi}); replies with the JSON summary.</li>
 *   <li>{@link Addresses#AGGREGATE_BATCH}: a {@link PushRequest} from the HTTP API; replies a {@link BatchResult}.</li>
 *   <li>{@link Addresses#DRAIN_EXPIRED}: the drain's time is up; answers every batch it runs, shortly after the
 *       senders have answered for their chunks, each message still without an outcome {@code unavailable}.</li>
 * </ul>
 * Fails with {@link FailureCode#INVALID_REQUEST}, {@link FailureCode#UNKNOWN_TARGET},
 * {@link FailureCode#TOO_MANY_MESSAGES}, {@link FailureCode#OVERLOADED} (too many messages in flight: see
 * {@link AdmissionControl}), {@link FailureCode#DRAINING} or, when no sender is deployed,
 * {@link FailureCode#UNAVAILABLE}.
 *
 * <p>Chunks go to {@link Addresses#SENDER_SEND} (on a cluster, to each node's own address), about one per sender
 * instance and at most {@link #MAX_CHUNK_MESSAGES} messages each. Each carries the time left until the deadline; the
 * sender answers by then. If a sender's answer is lost, the bus timeout and then this verticle's own timer answer
 * for it ({@link TimeoutLadder}). Batch state lives in plain fields: each batch stays on the instance that took it.
 *
 * <p>On a cluster both request addresses are consumed on this node only, so the node that takes a batch answers it;
 * the chunks spread over the senders of every live member ({@link SenderRoutes}, one per sender instance of each),
 * and those a lost member held are sent again ({@link BatchDispatch}) when {@link Addresses#CLUSTER_NODE_LEFT} says
 * so; a node announced on {@link Addresses#CLUSTER_NODE_DRAINING} gets no more chunks while another can take them.
 */
public final class ReplyAggregatorVerticle extends VerticleBase {

  /** The largest chunk, so that one batch spreads over the senders and one chunk does not hog a sender. */
  static final int MAX_CHUNK_MESSAGES = 500;

  private final GatewayMetrics metrics;
  private final AdmissionControl admission;
  private final Supplier<Future<Void>> drain;
  private final ClusterView cluster;
  private final PushConfig push;
  private final Set<String> targets;
  private final int senderInstances;
  private final Set<BatchDispatch> running = new HashSet<>();
  private SenderRoutes routes;
  private volatile int activeBatches;

  /**
   * An aggregator sharing the node's admission limits with the other instances.
   *
   * @param config the gateway's config, {@code senders.instances} resolved
   * @param drain the gateway's drain, which {@link #stop()} waits for before its consumers go
   * @param cluster the cluster this node is in, or {@link ClusterView#SINGLE}
   */
  public ReplyAggregatorVerticle(GatewayConfig config, GatewayMetrics metrics, AdmissionControl admission,
                                 Supplier<Future<Void>> drain, ClusterView cluster) {
    this.push = config.push();
    this.targets = Set.copyOf(config.targets().keySet());
    this.senderInstances = Math.max(1, config.senders().instances());
    this.metrics = metrics;
    this.admission = admission;
    this.drain = drain;
    this.cluster = cluster;
  }

  @Override
  public Future<?> stop() {
    return drain.get();
  }

  @Override
  public Future<?> start() {
    routes = new SenderRoutes(cluster);
    PublicPushApi publicApi = new PublicPushApi(metrics, this::handle);
    // On a cluster, the node that takes a batch answers it: its own verticles' batches only.
    return Future.all(List.of(
        requests(Addresses.PUSH, publicApi::handle),
        requests(Addresses.AGGREGATE_BATCH, this::onApiRequest),
        vertx.eventBus().localConsumer(Addresses.DRAIN_EXPIRED, message -> onDrainExpired()).completion(),
        vertx.eventBus().<String>localConsumer(Addresses.CLUSTER_NODE_LEFT, this::onNodeLeft).completion(),
        vertx.eventBus().<String>consumer(Addresses.CLUSTER_NODE_DRAINING,
            message -> routes.draining(message.body())).completion()));
  }

  private <T> Future<Void> requests(String address, Handler<Message<T>> handler) {
    return (cluster.clustered() ? vertx.eventBus().<T>localConsumer(address, handler)
        : vertx.eventBus().<T>consumer(address, handler)).completion();
  }

  private void onNodeLeft(Message<String> message) {
    routes.left(message.body());
    // A copy: sending a chunk again may finish its batch, which leaves the set.
    for (BatchDispatch batch : Set.copyOf(running)) {
      batch.nodeLeft(message.body());
    }
  }

  /** The senders answer for their chunks now; what has not reached this verticle shortly after is answered here. */
  private void onDrainExpired() {
    vertx.setTimer(TimeoutLadder.SHUTDOWN_BATCH_GRACE_MS, id -> Set.copyOf(running).forEach(BatchDispatch::shutDown));
  }

  /** Batches taken and not yet answered by this instance; for tests and metrics, readable from any thread. */
  public int activeBatches() {
    return activeBatches;
  }

  /** From the HTTP API, which logs and counts what it answers. */
  private void onApiRequest(Message<PushRequest> message) {
    RequestContext.set(message.body().requestId());
    handle(message.body()).onComplete(result -> {
      if (result.succeeded()) {
        message.reply(result.result());
      } else {
        GatewayException.from(result.cause()).failReply(message);
      }
    });
  }

  /** Checks the request against the limits and runs it; fails with a {@link GatewayException}. */
  private Future<BatchResult> handle(PushRequest request) {
    try {
      check(request);
      admission.admit(request.target(), request.messages().size());
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    }
    activeBatches++;
    Future<BatchResult> batch;
    try {
      batch = run(request);
    } catch (RuntimeException e) {
      batch = Future.failedFuture(e);
    }
    return batch.andThen(result -> {
      activeBatches--;
      admission.release(request.target(), request.messages().size());
    });
  }

  private void check(PushRequest request) {
    if (!targets.contains(request.target())) {
      throw GatewayException.unknownTarget(request.target(), "target");
    }
    if (request.messages().size() > push.maxBatch()) {
      throw new GatewayException(FailureCode.TOO_MANY_MESSAGES, "a request may hold at most " + push.maxBatch()
          + " messages, not " + request.messages().size(), "messages");
    }
  }

  private Future<BatchResult> run(PushRequest request) {
    long deadlineMs = push.deadlineMs(request.timeoutMs());
    int total = request.messages().size();
    int senders = senderInstances * routes.nodes();
    int chunkSize = Math.min(MAX_CHUNK_MESSAGES, (total + senders - 1) / senders);
    BatchState state = new BatchState(request, (total + chunkSize - 1) / chunkSize);
    long backstop = vertx.setTimer(TimeoutLadder.backstopMs(deadlineMs), id -> state.expire());
    BatchDispatch dispatch = new BatchDispatch(vertx, request, state, routes, cluster.selfId(), deadlineMs);
    running.add(dispatch);
    try {
      dispatch.start(chunkSize);
    } catch (RuntimeException e) {
      vertx.cancelTimer(backstop);
      running.remove(dispatch);
      throw e;
    }
    return state.result().eventually(() -> {
      vertx.cancelTimer(backstop);
      running.remove(dispatch);
      return Future.succeededFuture();
    });
  }
}
