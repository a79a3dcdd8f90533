package io.pushgate;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pushgate.aggregate.AdmissionControl;
import io.pushgate.aggregate.ReplyAggregatorVerticle;
import io.pushgate.api.ClientLimits;
import io.pushgate.api.HttpApiVerticle;
import io.pushgate.bus.Addresses;
import io.pushgate.bus.Codecs;
import io.pushgate.bus.TimeoutLadder;
import io.pushgate.cluster.ClusterView;
import io.pushgate.config.GatewayConfig;
import io.pushgate.config.StartupException;
import io.pushgate.demo.DemoReceiverVerticle;
import io.pushgate.jobs.JobMeters;
import io.pushgate.jobs.JobRunnerVerticle;
import io.pushgate.jobs.JobStore;
import io.pushgate.jobs.JobStores;
import io.pushgate.jobs.TimedJobStore;
import io.pushgate.observability.GatewayState;
import io.pushgate.observability.InFlight;
import io.pushgate.observability.MicrometerGatewayMetrics;
import io.pushgate.observability.NodeLoads;
import io.pushgate.observability.TargetLatencies;
import io.pushgate.observability.TargetStatuses;
import io.pushgate.sender.NodeTargets;
import io.pushgate.sender.SenderVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the gateway in order: the demo receiver (when enabled), the senders, the aggregators and last the HTTP
 * API (without its push routes when {@code http.enabled} is false), so that the port opens only once everything
 * behind it is ready. Each verticle is built with the typed records it needs and the node's shared objects (target
 * statuses and breakers, admission control, metrics); {@code senders.instances: 0} becomes one per event loop. On a
 * cluster it is given the {@link ClusterView} of the clustered Vert.x it is deployed in.
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

  private final PrometheusMeterRegistry registry;
  private final TargetStatuses statuses;
  private final MicrometerGatewayMetrics metrics;
  private final GatewayState state = new GatewayState();
  private final AdmissionControl admission;
  private final ClientLimits clientLimits;
  private final ClusterView cluster;
  private final InFlight senderChunks = new InFlight();
  private final List<HttpApiVerticle> apis = new ArrayList<>();
  private GatewayConfig config;
  private NodeTargets targets;
  private Future<Void> drained;
  private DemoReceiverVerticle demoReceiver;
  /** The job store, or {@code null} when {@code jobs.enabled} is false. */
  private JobStore jobStore;
  private JobRunnerVerticle jobRunner;
  private JobMeters jobMeters;
  private NodeLoads nodeLoads;
  private long latencyTimer = -1;

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
    this.statuses = new TargetStatuses(config.targets().keySet());
    this.metrics = new MicrometerGatewayMetrics(registry, statuses);
    this.admission = new AdmissionControl(config.limits(), config.targets());
    this.clientLimits = new ClientLimits(config.http(), registry);
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx.eventBus());
    int eventLoops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    config = config.withSendersResolved(eventLoops);
    int senders = config.senders().instances();
    nodeLoads = new NodeLoads(vertx, cluster, statuses, state, admission::inFlight, config.limits().maxInFlight());
    sampleLatencies();
    return NodeTargets.create(vertx, config.targets(), statuses)
        .onSuccess(created -> targets = created)
        .compose(v -> openJobStore())
        .compose(v -> deployDemoReceiver())
        .compose(v -> deploy(() -> new SenderVerticle(config.senders(), config.push(), targets, metrics, this::drain,
            cluster, senderChunks), senders))
        .compose(v -> deployJobRunner())
        .compose(v -> deploy(() -> new ReplyAggregatorVerticle(config, metrics, admission, this::drain, cluster),
            eventLoops))
        .compose(v -> nodeLoads.serve())
        .compose(v -> deploy(this::newApi, eventLoops))
        .onSuccess(v -> state.markDeployed())
        .onSuccess(v -> LOG.info("Pushgate listening on {}:{}{} with {} senders; {}", config.http().host(), httpPort(),
            config.http().enabled() ? "" : " (probes, metrics and lists only: http.enabled is false)", senders,
            config.summary()));
  }

  /**
   * Starts the graceful shutdown, once however often it is called: readiness goes down, new requests are refused
   * with {@code 503 draining}, chunks from other cluster nodes are refused so that they go elsewhere, and the
   * returned future completes when every request in flight has its answer and the senders have answered every chunk
   * they hold (on a cluster, {@link #LEAVE_GRACE_MS} later). When {@code shutdown.drainMs} runs out first, every
   * request still in flight is answered at once, each message without an outcome {@code unavailable}, and the future
   * completes once those answers are written ({@link TimeoutLadder}, at shutdown). Undeploying this verticle drains
   * too: Vert.x stops the children first, and each child's {@code stop()} waits for this before it lets go of its
   * consumers, server or clients.
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
    // Batches done (HTTP and bus alike), every HTTP answer written, and every chunk answered, before Vert.x may close.
    Future<?> idle = Future.all(admission.idle(), state.idle(), senderChunks.idle(), jobsIdle());
    long timer = vertx.setTimer(Math.max(1, config.shutdown().drainMs()), id -> answerNow(drained));
    idle.compose(done -> leaveGrace()).onComplete(done -> {
      vertx.cancelTimer(timer);
      drained.tryComplete();
    });
    return drained.future();
  }

  /**
   * The drain's time is up with work in flight: senders and aggregators answer for it now, and the drain ends once
   * the answers are written, or {@link TimeoutLadder#SHUTDOWN_WRITE_GRACE_MS} later whatever happens.
   */
  private void answerNow(Promise<Void> drained) {
    if (drained.future().isComplete()) {
      return;
    }
    if (cluster.clustered()) {
      LOG.warn("drain time is up with {} messages of this node's requests and {} chunks of other nodes in flight:"
          + " answering the requests now", admission.inFlight(), senderChunks.open());
    } else {
      LOG.warn("drain time is up with {} messages in flight: answering their requests now", admission.inFlight());
    }
    vertx.eventBus().publish(Addresses.DRAIN_EXPIRED, null, new DeliveryOptions().setLocalOnly(true));
    long giveUp = vertx.setTimer(TimeoutLadder.SHUTDOWN_BATCH_GRACE_MS + TimeoutLadder.SHUTDOWN_WRITE_GRACE_MS,
        id -> drained.tryComplete());
    Future.all(admission.idle(), state.idle()).onComplete(written -> {
      vertx.cancelTimer(giveUp);
      drained.tryComplete();
    });
  }

  private Future<Void> leaveGrace() {
    if (!cluster.clustered()) {
      return Future.succeededFuture();
    }
    Promise<Void> waited = Promise.promise();
    vertx.setTimer(LEAVE_GRACE_MS, id -> waited.complete());
    return waited.future();
  }

  /** Every target's latency over the last minute, read once a second for {@code /v1/targets} and the console. */
  private void sampleLatencies() {
    TargetLatencies latencies = new TargetLatencies(statuses, metrics::latencyTimer);
    latencies.sample();
    latencyTimer = vertx.setPeriodic(TargetLatencies.SAMPLE_MS, id -> latencies.sample());
  }

  /** Runs after the children are undeployed (Vert.x stops them first). */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(latencyTimer);
    if (targets != null) {
      targets.close();
    }
    return jobStore == null ? Future.succeededFuture() : jobStore.close();
  }

  /** Opens and migrates the job store before anything that uses it is deployed. */
  private Future<Void> openJobStore() {
    if (!config.jobs().enabled()) {
      return Future.succeededFuture();
    }
    jobMeters = new JobMeters(registry);
    try {
      jobStore = new TimedJobStore(JobStores.open(vertx, config.jobs()), jobMeters);
    } catch (RuntimeException unusable) {
      // A URL the validator let through but the driver cannot read (a bad port, an odd query parameter).
      return Future.failedFuture(storeUnusable(unusable));
    }
    return jobStore.migrate().recover(failed -> Future.failedFuture(storeUnusable(failed)));
  }

  private StartupException storeUnusable(Throwable cause) {
    return new StartupException("jobs.store.url: the job store (" + config.jobs().storeKind()
        + ") could not be opened: " + cause.getMessage() + "; check the setting, or set jobs.enabled to false", cause);
  }

  private Future<Void> deployJobRunner() {
    if (jobStore == null) {
      return Future.succeededFuture();
    }
    jobRunner = new JobRunnerVerticle(config, jobStore, admission, statuses, jobMeters, cluster, this::drain);
    return vertx.deployVerticle(jobRunner).mapEmpty();
  }

  /** Completes when the job runner, told to drain, has written back every outcome it holds. */
  private Future<Void> jobsIdle() {
    return jobRunner == null ? Future.succeededFuture() : jobRunner.drain();
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
    demoReceiver = new DemoReceiverVerticle(config.demoReceiver());
    return vertx.deployVerticle(demoReceiver).mapEmpty();
  }

  private HttpApiVerticle newApi() {
    HttpApiVerticle api = new HttpApiVerticle(config, statuses, metrics, registry, state, this::drain, cluster,
        clientLimits, jobStore, nodeLoads, admission);
    apis.add(api);
    return api;
  }

  private Future<Void> deploy(Supplier<? extends VerticleBase> verticle, int instances) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances)).mapEmpty();
  }
}
