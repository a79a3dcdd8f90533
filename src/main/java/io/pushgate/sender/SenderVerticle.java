package io.pushgate.sender;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.BusHeaders;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.SendCommand;
import io.pushgate.cluster.ClusterView;
import io.pushgate.config.PushConfig;
import io.pushgate.config.SenderConfig;
import io.pushgate.config.TargetConfig;
import io.pushgate.observability.GatewayMetrics;
import io.pushgate.observability.InFlight;
import io.pushgate.observability.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers chunks of messages to targets. A standard event-loop verticle; deploy one per event loop.
 *
 * <p>Consumes {@link SendCommand} on {@link Addresses#SENDER_SEND} (on a cluster, on
 * {@link Addresses#senderOn(String) this node's own address}), and on a single node the relayed messages of its
 * own event loop on {@link Addresses#senderOnLoop(String)}, and replies with a
 * {@link io.pushgate.bus.ChunkOutcome}: one outcome per message, in chunk order, by the chunk's deadline at the
 * latest, naming this node on a cluster. A target's answer, whatever it is, is an outcome. Fails the message only
 * with {@link FailureCode#UNKNOWN_TARGET} for a target this sender was not configured with, and, once the node is
 * draining, with {@link FailureCode#DRAINING} for a chunk from another node, which that node sends elsewhere.
 *
 * <p>When the drain's time is up ({@link Addresses#DRAIN_EXPIRED}), it answers for this node's chunks at once, each
 * message without an outcome {@code unavailable}, so that every request still in flight gets its answer before the
 * server closes. Chunks of other nodes get no answer: their nodes send them again once this one has left the cluster.
 *
 * <p>Each target has its own HTTP client in each sender, so that a hanging target cannot take another's
 * connections: keep-alive, at most {@code senders.maxConnectionsPerTarget} connections, a bounded wait queue, the
 * target's trust store for HTTPS; every attempt bounded in time and in bytes read ({@link BoundedExchange}). The
 * target's circuit breaker and status are the node's, shared by every sender
 * ({@link NodeTargets}). Takes its configuration as records: its deployment config is empty, so that nothing Vert.x
 * copies per connection grows with the number of targets.
 */
public final class SenderVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SenderVerticle.class);

  private final SenderConfig senders;
  private final PushConfig push;
  private final NodeTargets targets;
  private final GatewayMetrics metrics;
  private final Map<String, TargetLane> lanes = new HashMap<>();
  private final List<HttpClient> clients = new ArrayList<>();
  /** This sender's chunks without their answer yet; on its event loop only. */
  private final Set<ChunkDelivery> open = new HashSet<>();

  private final Supplier<Future<Void>> drain;
  private final ClusterView cluster;
  private final InFlight chunks;
  /** Set once the drain's time is up: chunks of other nodes are no longer answered. On this event loop only. */
  private boolean cut;
  /** Set once the drain is over; read on this verticle's event loop, set wherever the drain completed. */
  private volatile boolean stopping;

  /**
   * @param senders the {@code senders} section, {@code instances} resolved
   * @param push the {@code push} section
   * @param targets the node's targets, shared by every sender
   * @param drain the gateway's drain, which {@link #stop()} waits for before it closes its clients
   * @param cluster the cluster this node is in, or {@link ClusterView#SINGLE}
   * @param chunks the chunks the node's senders hold, which the drain waits for; once it is draining, chunks from
   *     other nodes are refused
   */
  public SenderVerticle(SenderConfig senders, PushConfig push, NodeTargets targets, GatewayMetrics metrics,
                        Supplier<Future<Void>> drain, ClusterView cluster, InFlight chunks) {
    this.senders = senders;
    this.push = push;
    this.targets = targets;
    this.metrics = metrics;
    this.drain = drain;
    this.cluster = cluster;
    this.chunks = chunks;
  }

  @Override
  public Future<?> start() {
    for (NodeTargets.Target target : targets.all().values()) {
      TargetConfig config = target.config();
      HttpClient http = client(config, target.kind());
      clients.add(http);
      TargetProtocol protocol = target.kind().protocol(vertx,
          new BoundedExchange(vertx, http, push.maxResponseBytes()));
      if (target.circuits() != null) {
        protocol = new CircuitBreakingProtocol(protocol, target.circuits(), config.timeoutMs());
      }
      lanes.put(config.name(), new TargetLane(vertx, target.status(), metrics, protocol, new RetryPolicy(config),
          config.timeoutMs(), senders.maxConnectionsPerTarget()));
    }
    String address = cluster.clustered() ? Addresses.senderOn(cluster.selfId()) : Addresses.SENDER_SEND;
    return Future.all(vertx.eventBus().<SendCommand>consumer(address, this::deliver).completion(),
        // On a single node, also the relayed messages taken on this event loop, sent from it (RelayDispatch).
        cluster.clustered() ? Future.succeededFuture() : vertx.eventBus().<SendCommand>localConsumer(
            Addresses.senderOnLoop(Thread.currentThread().getName()), this::deliver).completion(),
        vertx.eventBus().localConsumer(Addresses.DRAIN_EXPIRED, message -> cutOpenChunks()).completion(),
        vertx.eventBus().<String>localConsumer(Addresses.SENDER_WITHDRAW, message -> withdraw(message.body()))
            .completion());
  }

  @Override
  public Future<?> stop() {
    return drain.get().compose(drained -> {
      stopping = true;
      return Future.all(clients.stream().map(HttpClient::close).toList());
    });
  }

  private void deliver(Message<SendCommand> message) {
    SendCommand command = message.body();
    RequestContext.set(command.requestId());
    TargetLane lane = lanes.get(command.target());
    if (lane == null) {
      GatewayException.unknownTarget(command.target(), "target").failReply(message);
      return;
    }
    // Counted before the check, so that a drain starting between the two still waits for this chunk.
    chunks.started();
    boolean foreign = command.origin() != null && !command.origin().equals(cluster.selfId());
    if (chunks.draining() && foreign) {
      chunks.ended();
      new GatewayException(FailureCode.DRAINING, "this node is shutting down").failReply(message);
      return;
    }
    ChunkDelivery chunk = new ChunkDelivery(vertx, command, lane, metrics, cluster.nodeName(),
        message.headers().get(BusHeaders.OUTCOMES_TO), message.headers().get(BusHeaders.CHUNK_ID));
    open.add(chunk);
    // A chunk that arrives once the drain's time is up (a resend, a late bus message) is answered, never sent.
    chunk.start(cut).onComplete(done -> {
      open.remove(chunk);
      // Past the drain's time the clients close under the chunk, and its outcomes would blame the target. Another
      // node's chunk gets no answer instead: that node sends it again when this one has left the cluster.
      if (done.succeeded() && !((cut || stopping) && foreign)) {
        message.reply(done.result());
      }
      chunks.ended();
    });
  }

  /** The drain's time is up: answer for every chunk held now (another node's chunk gets no answer). */
  private void cutOpenChunks() {
    cut = true;
    List.copyOf(open).forEach(ChunkDelivery::cut);
  }

  /** Withdraws what is not on the wire of every chunk of {@code requestId} this sender holds. */
  private void withdraw(String requestId) {
    List.copyOf(open).stream().filter(chunk -> chunk.requestId().equals(requestId))
        .forEach(ChunkDelivery::withdrawUnsent);
  }

  /** The target's own client: a bounded pool, its trust store, as its kind needs them. */
  private HttpClient client(TargetConfig config, KindRuntime kind) {
    return vertx.httpClientBuilder()
        .with(kind.clientOptions(clientOptions(config)))
        .with(kind.poolOptions(new PoolOptions()
            .setHttp1MaxSize(senders.maxConnectionsPerTarget())
            .setMaxWaitQueueSize(senders.maxWaitQueue())))
        // A target's broken bytes already end the attempt as an outcome, counted in the metrics; unhandled, each
        // would also be an ERROR line, and a hostile target could flood the log with them.
        .withConnectHandler(connection -> connection.exceptionHandler(failure ->
            LOG.debug("connection to target {} failed: {}", config.name(), failure.toString())))
        .build();
  }

  private static HttpClientOptions clientOptions(TargetConfig target) {
    HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true);
    if (target.trustStorePath() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(target.trustStorePath()));
    }
    return options;
  }
}
