package io.pushgate.aggregate;

import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.config.LimitsConfig;
import io.pushgate.config.TargetConfig;
import io.pushgate.observability.Budget;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Caps the messages in flight on this node, across the gateway ({@code limits.maxInFlight}) and per target: its
 * own {@code targets.<name>.maxInFlight} and, with more than one target, its share of the gateway's limit
 * ({@code limits.maxTargetSharePercent}), so that a target that hangs leaves room for the others. A request is
 * admitted whole or refused at once: nothing waits in a queue. Once draining starts, every request is refused, and
 * {@link #idle()} completes when the last admitted message is done.
 *
 * <p>Thread-safe: shared by the aggregator instances and the relay dispatches ({@link RelayDispatch}) of every event
 * loop, and the job runner.
 */
public final class AdmissionControl {

  private final long maxInFlight;
  private final Budget inFlight;
  private final Map<String, Limit> targets;
  private final Promise<Void> idle = Promise.promise();
  private volatile boolean draining;

  public AdmissionControl(LimitsConfig limits, Map<String, TargetConfig> targets) {
    this.maxInFlight = limits.maxInFlight();
    this.inFlight = new Budget(maxInFlight);
    this.targets = targets.values().stream()
        .collect(Collectors.toUnmodifiableMap(TargetConfig::name, target -> limitOf(limits, target, targets.size())));
  }

  /** The target's limit, and the refusal that names it: its own maxInFlight, or its share of the gateway's. */
  private static Limit limitOf(LimitsConfig limits, TargetConfig target, int targets) {
    int max = limits.maxInFlightOf(target, targets);
    String name = "target '" + target.name() + "'";
    return new Limit(max, max == target.maxInFlight()
        ? name + " has too many messages in flight (" + max + " at most); retry later"
        : name + " holds its share of the gateway's messages in flight (" + max + ": "
            + limits.maxTargetSharePercent() + "% of " + limits.maxInFlight() + "); retry later");
  }

  /**
   * Admits {@code messages} messages for {@code target}, to be {@link #release released} when they are done.
   *
   * @throws GatewayException {@link FailureCode#DRAINING} while draining, {@link FailureCode#OVERLOADED} when a
   *     limit would be passed
   */
  void admit(String target, int messages) {
    if (draining) {
      throw new GatewayException(FailureCode.DRAINING, "the gateway is shutting down; send to another instance");
    }
    if (!inFlight.tryTake(messages)) {
      throw new GatewayException(FailureCode.OVERLOADED, "the gateway has too many messages in flight ("
          + maxInFlight + " at most); retry later");
    }
    Limit limit = targets.get(target);
    if (!limit.inFlight.tryTake(messages)) {
      release(inFlight, messages);
      throw new GatewayException(FailureCode.OVERLOADED, limit.refusal);
    }
    if (draining) {
      // Draining started while this request was being admitted, and may already have seen nothing in flight.
      release(target, messages);
      throw new GatewayException(FailureCode.DRAINING, "the gateway is shutting down; send to another instance");
    }
  }

  /**
   * Admits as many of {@code wanted} job messages for {@code target} as the limits leave, maybe none, and never while
   * draining: jobs take what synchronous batches leave, and wait in the store rather than in memory.
   *
   * @return how many were admitted, to be {@link #release released}
   */
  public int admitUpTo(String target, int wanted) {
    if (draining || wanted <= 0) {
      return 0;
    }
    Budget targetBudget = targets.get(target).inFlight;
    int taken = (int) inFlight.takeUpTo(wanted);
    int fits = (int) targetBudget.takeUpTo(taken);
    if (fits < taken) {
      release(inFlight, taken - fits);
    }
    if (draining && fits > 0) {
      release(target, fits);
      return 0;
    }
    return fits;
  }

  /** Gives back what {@link #admit} or {@link #admitUpTo} took. */
  public void release(String target, int messages) {
    release(targets.get(target).inFlight, messages);
    release(inFlight, messages);
  }

  /** Messages admitted and not yet released. */
  public long inFlight() {
    return inFlight.used();
  }

  /** Refuses every request from now on. */
  public void startDraining() {
    draining = true;
    completeIfIdle();
  }

  /** Completes once draining has started and nothing is in flight. */
  public Future<Void> idle() {
    return idle.future();
  }

  private void release(Budget budget, int messages) {
    budget.giveBack(messages);
    if (draining) {
      completeIfIdle();
    }
  }

  private void completeIfIdle() {
    if (inFlight.used() == 0) {
      idle.tryComplete();
    }
  }

  private record Limit(String refusal, Budget inFlight) {
    Limit(long max, String refusal) {
      this(refusal, new Budget(max));
    }
  }
}
