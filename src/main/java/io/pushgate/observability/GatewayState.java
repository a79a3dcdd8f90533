package io.pushgate.observability;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the gateway is ready to take requests (set once every verticle is deployed, cleared when it starts
 * draining), and how many API requests are still waiting for their answer to be written. Read by the readiness
 * probe and the shutdown; thread-safe.
 */
public final class GatewayState {

  private final AtomicInteger openRequests = new AtomicInteger();
  private final Promise<Void> idle = Promise.promise();
  private volatile boolean deployed;
  private volatile boolean draining;

  /** Every verticle is deployed. */
  public void markDeployed() {
    deployed = true;
  }

  /** The gateway is shutting down: it finishes what it has and takes nothing new. */
  public void markDraining() {
    draining = true;
    completeIfIdle();
  }

  /** An API request came in. */
  public void requestStarted() {
    openRequests.incrementAndGet();
  }

  /** An API request's answer is written (or its connection is gone). */
  public void requestEnded() {
    openRequests.decrementAndGet();
    if (draining) {
      completeIfIdle();
    }
  }

  /** Completes once draining has started and every API request has its answer written. */
  public Future<Void> idle() {
    return idle.future();
  }

  private void completeIfIdle() {
    if (openRequests.get() == 0) {
      idle.tryComplete();
    }
  }

  public boolean deployed() {
    return deployed;
  }

  public boolean draining() {
    return draining;
  }
}
