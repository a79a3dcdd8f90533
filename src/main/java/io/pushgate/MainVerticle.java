package io.pushgate;

import io.pushgate.aggregate.AdmissionControl;
import io.pushgate.aggregate.ReplyAggregatorVerticle;
import io.pushgate.api.HttpApiVerticle;
import io.pushgate.bus.Addresses;
import io.pushgate.bus.Codecs;
import io.pushgate.cluster.ClusterView;
import io.pushgate.config.ConfigSchema;
import io.pushgate.config.GatewayConfig;
import io.pushgate.demo.DemoReceiverVerticle;
import io.pushgate.observability.GatewayMetrics;
import io.pushgate.observability.GatewayState;
import io.pushgate.observability.InFlight;
import io.pushgate.observability.MicrometerGatewayMetrics;
import io.pushgate.sender.SenderVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the gateway in order: the demo receiver (when enabled), the senders, the aggregators and last the HTTP
 * API (without its push routes when {@code http.enabled} is false), so that the port opens only once everything
 * behind it is ready. Each verticle gets its slice of the checked configuration; {@code senders.instances: 0} becomes
 * one per event loop. On a cluster it is given the {@link ClusterView} of the clustered Vert.x it is deployed in.
 *
 * <p>Takes the {@link GatewayConfig} it is built with, not {@code config()}: loading and checking happen before
 * deployment, in {@link Main} or in a test. The meter registry is the one Vert.x reports its own metrics to, so
 * that {@code /metrics} shows both. Readiness turns on when everything is deployed and off when undeploying starts.
 */
public final class MainVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);
  /**
   * How long a drained cluster node waits before it leaves: its last answers cross the bus, and the other nodes,
   * told it is draining, stop sending it chunks. A chunk that still arrives is refused, and goes elsewhere.
   */
  static final long LEAVE_GRACE_MS = 500;

  private final GatewayConfig config;
  private final PrometheusMeterRegistry registry;
  private final GatewayMetrics metrics;
  private final GatewayState state = new GatewayState();
  private final AdmissionControl admission;
  private final ClusterView cluster;
  private final InFlight senderChunks = new InFlight();
  private Future<Void> drained;
  private final List<HttpApiVerticle> apis = new ArrayList<>();
  private DemoReceiverVerticle demoReceiver;

  /** A gateway with a registry of its own, which Vert.x's own metrics do not reach. */
  public MainVerticle(GatewayConfig config) {
    this(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public MainVerticle(GatewayConfig config, PrometheusMeterRegistry registry) {
    this(config, registry, ClusterView.SINGLE);
  }

  /** A gateway that is one node of {@code cluster}; deploy it in that cluster's Vert.x. */
  public MainVerticle(GatewayConfig config, PrometheusMeterRegistry registry, ClusterView cluster) {
    this.config = config;
    this.registry = registry;
    this.cluster = cluster;
    this.metrics = new MicrometerGatewayMetrics(registry, config.targets().keySet());
    this.admission = new AdmissionControl(config.limits().maxInFlight(), config.targets());
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx.eventBus());
    int eventLoops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    int senders = config.senders().instances() > 0 ? config.senders().instances() : eventLoops;
    JsonObject senderSlice = config.slice(ConfigSchema.SENDERS, ConfigSchema.PUSH, ConfigSchema.TARGETS);
    senderSlice.getJsonObject(ConfigSchema.SENDERS).put("instances", senders);
    JsonObject aggregatorSlice = senderSlice.copy().mergeIn(config.slice(ConfigSchema.LIMITS));
    JsonObject apiSlice = senderSlice.copy().mergeIn(config.slice(ConfigSchema.HTTP, ConfigSchema.AUTH));
    return deployDemoReceiver()
        .compose(v -> deploy(() -> new SenderVerticle(metrics, this::drain, cluster, senderChunks), senders,
            senderSlice))
        .compose(v -> deploy(() -> new ReplyAggregatorVerticle(metrics, admission, this::drain, cluster), eventLoops,
            aggregatorSlice))
        .compose(v -> deploy(this::newApi, eventLoops, apiSlice))
        .onSuccess(v -> state.markDeployed())
        .onSuccess(v -> LOG.info("Pushgate listening on {}:{}{} with {} senders; {}", config.http().host(), httpPort(),
            config.http().enabled() ? "" : " (probes, metrics and lists only: http.enabled is false)", senders,
            config.summary()));
  }

  /**
   * Starts the graceful shutdown, once however often it is called: readiness goes down, new requests are refused
   * with {@code 503 draining}, chunks from other cluster nodes are refused so that they go elsewhere, and the
   * returned future completes when every request in flight has its answer and the senders have answered every chunk
   * they hold (on a cluster, {@link #LEAVE_GRACE_MS} later), or after {@code shutdown.drainMs}. Undeploying this
   * verticle drains too: Vert.x stops the children first, and each child's {@code stop()} waits for this before it
   * lets go of its consumers, server or clients.
   */
  public synchronized Future<Void> drain() {
    if (drained == null) {
      drained = startDraining();
    }
    return drained;
  }

  private Future<Void> startDraining() {
    state.markDraining();
    admission.startDraining();
    senderChunks.startDraining();
    if (cluster.clustered()) {
      vertx.eventBus().publish(Addresses.CLUSTER_NODE_DRAINING, cluster.selfId());
    }
    Promise<Void> drained = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, config.shutdown().drainMs()), id -> {
      if (drained.tryComplete()) {
        LOG.warn("drain time is up with {} messages of this node's batches and {} chunks of other nodes in flight",
            admission.inFlight(), senderChunks.open());
      }
    });
    // Batches done (HTTP and bus alike), every HTTP answer written, and every chunk answered, before Vert.x may close.
    Future.all(admission.idle(), state.idle(), senderChunks.idle()).compose(idle -> leaveGrace()).onComplete(idle -> {
      vertx.cancelTimer(timer);
      drained.tryComplete();
    });
    return drained.future();
  }

  private Future<Void> leaveGrace() {
    if (!cluster.clustered()) {
      return Future.succeededFuture();
    }
    Promise<Void> waited = Promise.promise();
    vertx.setTimer(LEAVE_GRACE_MS, id -> waited.complete());
    return waited.future();
  }

  /** Runs after the children are undeployed (Vert.x stops them first). */
  @Override
  public Future<?> stop() {
    Codecs.unregister(vertx.eventBus());
    return Future.succeededFuture();
  }

  /** Whether the gateway is deployed and not draining, as the readiness probe reports it. */
  public GatewayState state() {
    return state;
  }

  /** The port the HTTP API serves, once started (useful when {@code http.port} is 0). */
  public int httpPort() {
    return apis.get(0).actualPort();
  }

  /** The port the demo receiver serves, once started, or -1 when it is off. */
  public int demoReceiverPort() {
    return demoReceiver == null ? -1 : demoReceiver.actualPort();
  }

  private Future<Void> deployDemoReceiver() {
    if (!config.demoReceiver().enabled()) {
      return Future.succeededFuture();
    }
    demoReceiver = new DemoReceiverVerticle();
    return vertx.deployVerticle(demoReceiver,
        new DeploymentOptions().setConfig(config.slice(ConfigSchema.DEMO_RECEIVER))).mapEmpty();
  }

  private HttpApiVerticle newApi() {
    HttpApiVerticle api = new HttpApiVerticle(metrics, registry, state, this::drain, cluster);
    apis.add(api);
    return api;
  }

  private Future<Void> deploy(Supplier<? extends VerticleBase> verticle, int instances, JsonObject slice) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances).setConfig(slice))
        .mapEmpty();
  }
}
