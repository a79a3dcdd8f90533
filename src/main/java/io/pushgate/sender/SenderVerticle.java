package io.pushgate.sender;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.SendCommand;
import io.pushgate.cluster.ClusterView;
import io.pushgate.config.ConfigSchema;
import io.pushgate.config.PushConfig;
import io.pushgate.config.SenderConfig;
import io.pushgate.config.TargetConfig;
import io.pushgate.observability.GatewayMetrics;
import io.pushgate.observability.InFlight;
import io.pushgate.observability.RequestContext;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Delivers chunks of messages to targets. A standard event-loop verticle; deploy one per event loop.
 *
 * <p>Consumes {@link SendCommand} on {@link Addresses#SENDER_SEND} (on a cluster, on
 * {@link Addresses#senderOn(String) this node's own address}) and replies with a
 * {@link io.pushgate.bus.ChunkOutcome}: one outcome per message, in chunk order, by the chunk's deadline at the
 * latest, naming this node on a cluster. A target's answer, whatever it is, is an outcome. Fails the message only
 * with {@link FailureCode#UNKNOWN_TARGET} for a target this sender was not configured with, and, once the node is
 * draining, with {@link FailureCode#DRAINING} for a chunk from another node, which that node sends elsewhere. Chunks
 * of other nodes still running when the drain's time is up get no answer: their nodes send them again once this one
 * has left the cluster.
 *
 * <p>Each target has its own HTTP client, so that a hanging target cannot take another's connections: keep-alive,
 * at most {@code senders.maxConnectionsPerTarget} connections, a bounded wait queue, the target's trust store for
 * HTTPS. Each also has its own circuit breaker in this sender ({@code targets.<name>.circuitBreaker}). Config: the
 * {@code senders}, {@code push} and {@code targets} sections.
 */
public final class SenderVerticle extends VerticleBase {

  private final GatewayMetrics metrics;
  private final Map<String, TargetLane> lanes = new HashMap<>();
  private final List<HttpClient> clients = new ArrayList<>();
  private final List<CircuitBreaker> breakers = new ArrayList<>();

  private final Supplier<Future<Void>> drain;
  private final ClusterView cluster;
  private final InFlight chunks;
  /** Set once the drain is over; read on this verticle's event loop, set wherever the drain completed. */
  private volatile boolean stopping;

  /** A sender on its own: no metrics, no cluster, no gateway to drain before stopping. */
  public SenderVerticle() {
    this(GatewayMetrics.NOOP, Future::succeededFuture, ClusterView.SINGLE, new InFlight());
  }

  /**
   * @param drain the gateway's drain, which {@link #stop()} waits for before it closes its clients
   * @param cluster the cluster this node is in, or {@link ClusterView#SINGLE}
   * @param chunks the chunks the node's senders hold, which the drain waits for; once it is draining, chunks from
   *     other nodes are refused
   */
  public SenderVerticle(GatewayMetrics metrics, Supplier<Future<Void>> drain, ClusterView cluster, InFlight chunks) {
    this.metrics = metrics;
    this.drain = drain;
    this.cluster = cluster;
    this.chunks = chunks;
  }

  @Override
  public Future<?> start() {
    SenderConfig senders = SenderConfig.fromJson(config().getJsonObject(ConfigSchema.SENDERS));
    PushConfig push = PushConfig.fromJson(config().getJsonObject(ConfigSchema.PUSH));
    for (TargetConfig target : TargetConfig.allFromJson(config().getJsonObject(ConfigSchema.TARGETS)).values()) {
      HttpClient http = vertx.createHttpClient(clientOptions(target), new PoolOptions()
          .setHttp1MaxSize(senders.maxConnectionsPerTarget())
          .setMaxWaitQueueSize(senders.maxWaitQueue()));
      clients.add(http);
      WebClient client = WebClient.wrap(http, new WebClientOptions().setFollowRedirects(false).setUserAgent("pushgate"));
      lanes.put(target.name(), new TargetLane(vertx, target.name(), metrics,
          protect(target, new JsonWebhookProtocol(client, target, push.maxResponseBytes())), new RetryPolicy(target),
          target.timeoutMs(), senders.maxConnectionsPerTarget()));
    }
    String address = cluster.clustered() ? Addresses.senderOn(cluster.selfId()) : Addresses.SENDER_SEND;
    return vertx.eventBus().<SendCommand>consumer(address, this::deliver).completion();
  }

  @Override
  public Future<?> stop() {
    return drain.get().compose(drained -> {
      stopping = true;
      breakers.forEach(CircuitBreaker::close);
      return Future.all(clients.stream().map(HttpClient::close).toList());
    });
  }

  private void deliver(Message<SendCommand> message) {
    SendCommand command = message.body();
    RequestContext.set(command.requestId());
    TargetLane lane = lanes.get(command.target());
    if (lane == null) {
      new GatewayException(FailureCode.UNKNOWN_TARGET, "unknown target '" + command.target() + "'", "target")
          .failReply(message);
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
    new ChunkDelivery(vertx, command, lane, metrics, cluster.nodeName()).start().onComplete(done -> {
      // Past the drain's time the clients close under the chunk, and its outcomes would blame the target. Another
      // node's chunk gets no answer instead: that node sends it again when this one has left the cluster.
      if (done.succeeded() && !(stopping && foreign)) {
        message.reply(done.result());
      }
      chunks.ended();
    });
  }

  /** The protocol behind the target's circuit breaker, unless its breaker is switched off. */
  private TargetProtocol protect(TargetConfig target, TargetProtocol protocol) {
    if (target.breakerMaxFailures() == 0) {
      return protocol;
    }
    CircuitBreaker breaker = CircuitBreaker.create("pushgate." + target.name(), vertx, new CircuitBreakerOptions()
        .setMaxFailures(target.breakerMaxFailures())
        .setResetTimeout(target.breakerResetTimeoutMs())
        // Attempts carry their own timeout; the breaker's would cut long ones short.
        .setTimeout(-1)
        // State changes reach the metrics through the handlers below; no event-bus notifications.
        .setNotificationAddress(null));
    String name = target.name();
    breaker.openHandler(v -> metrics.circuitChanged(name, this, GatewayMetrics.CircuitState.OPEN))
        .halfOpenHandler(v -> metrics.circuitChanged(name, this, GatewayMetrics.CircuitState.HALF_OPEN))
        .closeHandler(v -> metrics.circuitChanged(name, this, GatewayMetrics.CircuitState.CLOSED));
    breakers.add(breaker);
    return new CircuitBreakingProtocol(protocol, breaker, target.timeoutMs());
  }

  private static HttpClientOptions clientOptions(TargetConfig target) {
    HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true);
    if (target.trustStorePath() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(target.trustStorePath()));
    }
    return options;
  }
}
