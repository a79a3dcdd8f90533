package io.pushgate.aggregate;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.BatchResult;
import io.pushgate.bus.BusHeaders;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.PushRequest;
import io.pushgate.cluster.ClusterView;
import io.pushgate.config.ConfigSchema;
import io.pushgate.config.LimitsConfig;
import io.pushgate.config.TargetConfig;
import io.pushgate.config.PushConfig;
import io.pushgate.config.SenderConfig;
import io.pushgate.observability.GatewayMetrics;
import io.pushgate.observability.RequestContext;
import io.pushgate.observability.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each batch: checks it against the limits, cuts it into chunks for the senders, gathers their outcomes and
 * answers once, in request order, by the request's deadline.
 *
 * <p>Consumes:
 * <ul>
 *   <li>{@link Addresses#PUSH}: the public JSON request; replies with the JSON summary.</li>
 *   <li>{@link Addresses#AGGREGATE_BATCH}: a {@link PushRequest} from the HTTP API; replies a {@link BatchResult}.</li>
 * </ul>
 * Fails with {@link FailureCode#INVALID_REQUEST}, {@link FailureCode#UNKNOWN_TARGET},
 * {@link FailureCode#TOO_MANY_MESSAGES}, {@link FailureCode#OVERLOADED} (too many messages in flight: see
 * {@link AdmissionControl}), {@link FailureCode#DRAINING} or, when no sender is deployed,
 * {@link FailureCode#UNAVAILABLE}.
 *
 * <p>Chunks go to {@link Addresses#SENDER_SEND} (on a cluster, to each node's own address), about one per sender
 * instance and at most {@link #MAX_CHUNK_MESSAGES} messages each. Each carries the time left until the deadline; the
 * sender answers by then. If a sender's answer is lost, the bus timeout and then this verticle's own timer answer
 * for it. Batch state lives in plain fields: each batch stays on the instance that took it. Config: {@code push},
 * {@code senders} (with {@code instances} resolved) and {@code targets}.
 *
 * <p>On a cluster both addresses are consumed on this node only, so the node that takes a batch answers it; the
 * chunks spread over the senders of every live member ({@link SenderRoutes}, one per sender instance of each), and
 * those a lost member held are sent again ({@link BatchDispatch}) when {@link Addresses#CLUSTER_NODE_LEFT} says so;
 * a node announced on {@link Addresses#CLUSTER_NODE_DRAINING} gets no more chunks while another can take them.
 */
public final class ReplyAggregatorVerticle extends VerticleBase {

  /** The largest chunk, so that one batch spreads over the senders and one chunk does not hog a sender. */
  static final int MAX_CHUNK_MESSAGES = 500;
  /**
   * How long after the deadline a sender's answer is still awaited on the bus. Generous, because a sender counts the
   * deadline from when it takes the chunk: an event loop lagging under load must not turn its deliveries into
   * timeouts here.
   */
  static final long SENDER_GRACE_MS = 1000;
  /** How long after the deadline this verticle answers for chunks whose answer never came. */
  static final long BACKSTOP_GRACE_MS = 1500;

  private static final Logger LOG = LoggerFactory.getLogger(ReplyAggregatorVerticle.class);

  private final RequestIds requestIds = new RequestIds();
  private final GatewayMetrics metrics;
  private final Supplier<Future<Void>> drain;
  private final ClusterView cluster;
  private final Set<BatchDispatch> running = new HashSet<>();
  private SenderRoutes routes;
  private AdmissionControl admission;
  private PushConfig push;
  private Set<String> targets;
  private int senderInstances;
  private volatile int activeBatches;

  /** An aggregator on its own: admission limits of its own, no metrics, no gateway to drain before stopping. */
  public ReplyAggregatorVerticle() {
    this(GatewayMetrics.NOOP, null, Future::succeededFuture, ClusterView.SINGLE);
  }

  /**
   * An aggregator sharing the node's admission limits with the other instances.
   *
   * @param drain the gateway's drain, which {@link #stop()} waits for before its consumers go
   * @param cluster the cluster this node is in, or {@link ClusterView#SINGLE}
   */
  public ReplyAggregatorVerticle(GatewayMetrics metrics, AdmissionControl admission, Supplier<Future<Void>> drain,
                                 ClusterView cluster) {
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
    push = PushConfig.fromJson(config().getJsonObject(ConfigSchema.PUSH));
    targets = Set.copyOf(config().getJsonObject(ConfigSchema.TARGETS).fieldNames());
    senderInstances = Math.max(1, SenderConfig.fromJson(config().getJsonObject(ConfigSchema.SENDERS)).instances());
    if (admission == null) {
      admission = new AdmissionControl(LimitsConfig.fromJson(config().getJsonObject(ConfigSchema.LIMITS)).maxInFlight(),
          TargetConfig.allFromJson(config().getJsonObject(ConfigSchema.TARGETS)));
    }
    routes = new SenderRoutes(cluster);
    // On a cluster, the node that takes a batch answers it: its own verticles' batches only.
    return Future.all(
        requests(Addresses.PUSH, this::onPublicRequest),
        requests(Addresses.AGGREGATE_BATCH, this::onApiRequest),
        vertx.eventBus().<String>localConsumer(Addresses.CLUSTER_NODE_LEFT, this::onNodeLeft).completion(),
        vertx.eventBus().<String>consumer(Addresses.CLUSTER_NODE_DRAINING,
            message -> routes.draining(message.body())).completion());
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

  /** From any verticle: this is the boundary that answers, so it logs and counts. */
  private void onPublicRequest(Message<JsonObject> message) {
    String given = message.headers().get(BusHeaders.REQUEST_ID);
    String requestId = RequestIds.acceptable(given) ? given : requestIds.next();
    RequestContext.set(requestId);
    parse(message, requestId).compose(this::handle).onComplete(result -> {
      if (result.succeeded()) {
        BatchResult batch = result.result();
        LOG.info("{} target={} total={} delivered={} failed={} timedOut={} durationMs={}", Addresses.PUSH,
            batch.target(), batch.results().size(), batch.count(DeliveryStatus.DELIVERED),
            batch.count(DeliveryStatus.FAILED), batch.count(DeliveryStatus.TIMEOUT), batch.durationMs());
        message.reply(batch.toJson());
      } else {
        GatewayException refusal = GatewayException.from(result.cause());
        LOG.info("{} error={} {}", Addresses.PUSH, refusal.code().error(), refusal.getMessage());
        metrics.requestRefused(refusal.code());
        refusal.failReply(message);
      }
    });
  }

  private static Future<PushRequest> parse(Message<?> message, String requestId) {
    if (!(message.body() instanceof JsonObject body)) {
      return Future.failedFuture(GatewayException.invalid(null, "the message body must be a JSON object"));
    }
    try {
      return Future.succeededFuture(PushRequest.fromJson(body, requestId));
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      // A message that cannot be encoded to bytes (a value JSON has no form for) is the caller's mistake too.
      return Future.failedFuture(GatewayException.invalid("messages", "every message must be encodable as JSON"));
    }
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
      throw new GatewayException(FailureCode.UNKNOWN_TARGET, "unknown target '" + request.target() + "'", "target");
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
    long backstop = vertx.setTimer(deadlineMs + BACKSTOP_GRACE_MS, id -> state.expire());
    BatchDispatch dispatch = new BatchDispatch(vertx, request, state, routes, cluster.selfId(), deadlineMs,
        SENDER_GRACE_MS);
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
