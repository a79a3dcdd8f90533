package io.pushgate.observability;

import io.vertx.core.Future;

/**
 * Whether the gateway is ready to take requests (set once every verticle is deployed, cleared when it starts
 * draining), and how many API requests are still waiting for their answer to be written. Read by the readiness
 * probe and the shutdown; thread-safe.
 */
public final class GatewayState {

  private final InFlight requests = new InFlight();
  private volatile boolean deployed;

  /** Every verticle is deployed. */
  public void markDeployed() {
    deployed = true;
  }

  /** The gateway is shutting down: it finishes what it has and takes nothing new. */
  public void markDraining() {
    requests.startDraining();
  }

  /** An API request came in. */
  public void requestStarted() {
    requests.started();
  }

  /** An API request's answer is written (or its connection is gone). */
  public void requestEnded() {
    requests.ended();
  }

  /** Completes once draining has started and every API request has its answer written. */
  public Future<Void> idle() {
    return requests.idle();
  }

  public boolean deployed() {
    return deployed;
  }

  public boolean draining() {
    return requests.draining();
  }
}
