package io.pushgate.jobs;

import io.pushgate.aggregate.AdmissionControl;
import io.pushgate.cluster.ClusterView;
import io.pushgate.config.GatewayConfig;
import io.pushgate.observability.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Placeholder: the runner is being written. */
public final class JobRunnerVerticle extends VerticleBase {

  public JobRunnerVerticle(GatewayConfig config, JobStore store, AdmissionControl admission, GatewayMetrics metrics,
                           ClusterView cluster) {
  }

  public Future<Void> drain() {
    return Future.succeededFuture();
  }
}
