package io.pushgate.observability;

/**
 * Whether the gateway is ready to take requests: set once every verticle is deployed, cleared when it starts
 * draining. Read by the readiness probe from any event loop.
 */
public final class GatewayState {

  private volatile boolean deployed;
  private volatile boolean draining;

  /** Every verticle is deployed. */
  public void markDeployed() {
    deployed = true;
  }

  /** The gateway is shutting down: it finishes what it has and takes nothing new. */
  public void markDraining() {
    draining = true;
  }

  public boolean deployed() {
    return deployed;
  }

  public boolean draining() {
    return draining;
  }
}
