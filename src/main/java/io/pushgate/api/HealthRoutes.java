package io.pushgate.api;

import io.pushgate.cluster.ClusterView;
import io.pushgate.jobs.JobStore;
import io.pushgate.observability.GatewayState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * {@code GET /health/live} (the event loop answers) and {@code GET /health/ready} (every verticle deployed, not
 * draining, on a cluster a running member of it, and with jobs on, the job store answering), with
 * vertx-health-check: 200 when up, 503 with a JSON body naming the failing check when not.
 */
final class HealthRoutes {

  private HealthRoutes() {
  }

  /** How long the readiness probe waits for the job store to answer. */
  static final long STORE_CHECK_MS = 1000;

  /** @param jobs the job store, checked by readiness, or {@code null} when jobs are off */
  static void mount(Vertx vertx, Router router, GatewayState state, ClusterView cluster, JobStore jobs) {
    HealthChecks live = HealthChecks.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx)
        .register("deployed", promise -> promise.complete(state.deployed() ? Status.OK()
            : Status.KO(new JsonObject().put("reason", "verticles are still being deployed"))))
        .register("accepting", promise -> promise.complete(!state.draining() ? Status.OK()
            : Status.KO(new JsonObject().put("reason", "draining: finishing requests in flight"))));
    if (cluster.clustered()) {
      ready.register("cluster", promise -> promise.complete(cluster.joined() ? Status.OK()
          : Status.KO(new JsonObject().put("reason", "not a running member of cluster " + cluster.clusterName()))));
    }
    if (jobs != null) {
      ready.register("job-store", STORE_CHECK_MS, promise -> jobs.ping().onComplete(ping -> promise.tryComplete(
          ping.succeeded() ? Status.OK() : Status.KO(new JsonObject().put("reason", "the job store does not answer: "
              + ping.cause().getMessage())))));
    }
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
  }
}
