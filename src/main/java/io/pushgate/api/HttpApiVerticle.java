package io.pushgate.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pushgate.aggregate.AdmissionControl;
import io.pushgate.aggregate.RelayDispatch;
import io.pushgate.bus.Addresses;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.cluster.ClusterView;
import io.pushgate.config.AuthConfig;
import io.pushgate.config.GatewayConfig;
import io.pushgate.config.HttpConfig;
import io.pushgate.config.StartupException;
import io.pushgate.jobs.JobBody;
import io.pushgate.jobs.JobStore;
import io.pushgate.jobs.JobSubmitApi;
import io.pushgate.observability.GatewayMetrics;
import io.pushgate.observability.GatewayState;
import io.pushgate.observability.NodeLoads;
import io.pushgate.observability.TargetStatuses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP API: parses and checks push requests, gives each a request id, hands it to the aggregator over the event
 * bus (a relayed message on a single node straight to a sender, {@link RelayDispatch}) and turns the answer, or the
 * refusal, into HTTP. No delivery logic. Deploy about one instance per event loop;
 * the instances share the port.
 *
 * <p>Routes: {@code POST /v1/push} and {@code POST /v1/push/:target} ({@code application/json}), the job routes
 * ({@link JobRoutes}, when {@code jobs.enabled}), {@code GET /v1/targets}, {@code GET /v1/cluster},
 * {@code GET /metrics} (Prometheus), {@code GET /health/live} and {@code GET /health/ready}, and with
 * {@code console.enabled} the console ({@link ConsoleRoutes}); with {@code http.enabled} false, all but the push and
 * job routes, so that a node that only sends still has its probes, metrics and console. With jobs
 * enabled, every instance also consumes {@link Addresses#JOBS_SUBMIT} ({@link JobSubmitApi}), whatever
 * {@code http.enabled} says. With {@code auth.apiKeys} set, {@code /v1/*} needs an API key ({@link ApiKeyAuth});
 * probes and metrics never do. With {@code http.tls} set, it serves HTTPS. Every error is JSON,
 * written by {@link ErrorResponses}. Takes its configuration as records: its deployment config is empty.
 *
 * <p>No client can hold more than its share: the node's {@link ClientLimits} cap connections (a few more kept for
 * probes), the request body bytes being read ({@link BodyReader}, which refuses before reading) and the batch answers
 * not yet written ({@link StreamingAnswer}, which writes as the client reads); {@link ReadTimeouts} closes connections
 * whose request does not arrive in time, and the idle timeout those that go silent.
 */
public final class HttpApiVerticle extends VerticleBase {

  private final GatewayConfig config;
  private final TargetStatuses statuses;
  private final GatewayMetrics metrics;
  private final PrometheusMeterRegistry registry;
  private final GatewayState state;
  private final Supplier<Future<Void>> drain;
  private final ClusterView cluster;
  private final ClientLimits limits;
  private final JobStore jobs;
  private final NodeLoads nodeLoads;
  private final AdmissionControl admission;
  private HttpServer server;

  /**
   * @param config the gateway's config, {@code senders.instances} resolved
   * @param statuses the node's target statuses, for {@code /v1/targets}
   * @param registry the registry {@code /metrics} scrapes
   * @param drain the gateway's drain, which {@link #stop()} waits for
   * @param cluster the cluster this node is in, or {@link ClusterView#SINGLE}
   * @param limits what the node's clients may hold, shared by every instance
   * @param jobs the node's job store, or {@code null} when {@code jobs.enabled} is false
   * @param nodeLoads how busy this node and the others are, for the console
   * @param admission the node's admission control, which relayed messages pass as batches do
   */
  public HttpApiVerticle(GatewayConfig config, TargetStatuses statuses, GatewayMetrics metrics,
                         PrometheusMeterRegistry registry, GatewayState state, Supplier<Future<Void>> drain,
                         ClusterView cluster, ClientLimits limits, JobStore jobs, NodeLoads nodeLoads,
                         AdmissionControl admission) {
    this.config = config;
    this.statuses = statuses;
    this.metrics = metrics;
    this.registry = registry;
    this.state = state;
    this.drain = drain;
    this.cluster = cluster;
    this.limits = limits;
    this.jobs = jobs;
    this.nodeLoads = nodeLoads;
    this.admission = admission;
  }

  @Override
  public Future<?> start() {
    HttpConfig http = config.http();
    PushRoutes routes = new PushRoutes(vertx, config.push(), limits.answers, http.answerWriteTimeoutMs(),
        cluster.clustered() ? null : new RelayDispatch(vertx, config, admission));
    ReadTimeouts readTimeouts = new ReadTimeouts(vertx, http.requestReadTimeoutMs());
    TargetsRoute targets = new TargetsRoute(config.targets(), config.senders(), config.limits(), statuses);
    Router router = Router.router(vertx);
    router.route().handler(new RequestIdHandler()::handle);
    router.route().handler(readTimeouts::handle);
    router.route().handler(new AccessLog(metrics)::handle);
    router.route().handler(this::probesOnlyPastTheCap);
    AuthConfig auth = config.auth();
    if (!auth.apiKeys().isEmpty()) {
      router.route().handler(new ApiKeyAuth(auth.apiKeys())::handle);
    }
    BodyReader body = new BodyReader(limits, http.maxBodyBytes(), state);
    if (http.enabled()) {
      router.post("/v1/push").consumes("application/json").handler(body::handle).handler(routes::batch);
      router.post("/v1/push/:target").consumes("application/json").handler(body::handle).handler(routes::relay);
      if (jobs != null) {
        new JobRoutes(vertx, config, jobs, state, limits).mount(router);
      }
    }
    if (config.console().enabled()) {
      // The console shows jobs, and offers to cancel them, only where the job API is served.
      JobStore shownJobs = http.enabled() ? jobs : null;
      new ConsoleRoutes(vertx, new ConsoleSnapshots(targets, nodeLoads, cluster, shownJobs), limits.consoleStreams)
          .mount(router);
    }
    router.get("/v1/targets").handler(targets::list);
    router.get("/v1/cluster").handler(ctx -> ClusterRoute.list(ctx, cluster));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    HealthRoutes.mount(vertx, router, state, cluster, jobs);
    router.route().failureHandler(ErrorResponses::onFailure);
    for (int status : new int[] {400, 401, 404, 405, 413, 415, 500}) {
      // Vert.x Web calls these without setting the status on the context: bind it here.
      router.errorHandler(status, ctx -> ErrorResponses.onError(ctx, status));
    }
    HttpServerOptions options = new HttpServerOptions()
        .setHost(http.host())
        // Port 0 becomes -1, Vert.x's shared random port, so that every instance serves the same free port.
        .setPort(http.port() == 0 ? -1 : http.port())
        .setTcpNoDelay(true)
        .setCompressionSupported(false)
        // No h2c upgrade on plain HTTP: clients that offer it (the JDK's HttpClient does) were seen to hang on it.
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, http.idleTimeoutMs()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    if (http.tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(http.tlsCertPath()).setKeyPath(http.tlsKeyPath()));
    }
    server = vertx.createHttpServer(options);
    Future<Void> jobSubmit = jobs == null ? Future.succeededFuture() : jobSubmitConsumer();
    server.connectionHandler(connection -> {
      readTimeouts.connected(connection);
      limits.connections.accept(connection, () -> readTimeouts.closed(connection));
    });
    return jobSubmit.compose(v -> server.requestHandler(router).listen().recover(failure -> Future.failedFuture(
        StartupException.listenFailed("http.port", http.host(), http.port(), failure))));
  }

  /**
   * {@link Addresses#JOBS_SUBMIT}, with or without {@code http.enabled}: every instance consumes it (the bus spreads
   * the submissions); on a cluster, only this node's verticles' submissions, as for {@link Addresses#PUSH}.
   */
  private Future<Void> jobSubmitConsumer() {
    JobSubmitApi api = new JobSubmitApi(vertx, jobs, JobBody.kinds(config.targets()), config.jobs().maxMessages(),
        config.http().maxBodyBytes(), state::draining);
    return (cluster.clustered() ? vertx.eventBus().localConsumer(Addresses.JOBS_SUBMIT, api::handle)
        : vertx.eventBus().consumer(Addresses.JOBS_SUBMIT, api::handle)).completion();
  }

  /**
   * Waits for the gateway to drain, then closes the server at once: left to Vert.x, undeploying would wait up to
   * 30 s for clients to close their idle keep-alive connections.
   */
  @Override
  public Future<?> stop() {
    return drain.get().compose(drained -> server.close());
  }

  /**
   * On a connection accepted past {@code http.maxConnections}, only probes and metrics are served; anything else gets
   * {@code 503 unavailable} and the connection is closed. Path-less, like every handler before the routes, so that
   * the route label of Vert.x's HTTP metrics stays the route's own path.
   */
  private void probesOnlyPastTheCap(RoutingContext ctx) {
    String path = RequestPaths.of(ctx);
    if (limits.connections.probeOnly(ctx.request().connection()) && !path.startsWith("/health/")
        && !path.equals("/metrics")) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, ErrorResponses.RETRY_AFTER_SECONDS);
      ErrorResponses.sendAndClose(ctx, new GatewayException(FailureCode.UNAVAILABLE,
          "too many connections are open (http.maxConnections); only probes and metrics are served on this one"));
      return;
    }
    ctx.next();
  }

  /** The port the server listens on, once started (useful when {@code http.port} is 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
