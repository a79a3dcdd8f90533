package io.pushgate.sender;

import io.pushgate.config.TargetConfig;
import io.pushgate.observability.TargetStatus;
import io.pushgate.observability.TargetStatuses;
import io.pushgate.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every sender of one node shares per target: its config, its status, its circuit breakers
 * ({@link TargetCircuits}: one, or one per push service) and its kind's runtime (the credentials of a push
 * provider). A user reads {@code circuitBreaker.maxFailures} as "this many failed attempts to this target on this
 * node", so the breakers are per node, not per sender; their state changes go straight to the target's
 * {@link TargetStatus}, which {@code /v1/targets} and {@code pushgate_circuit_state} read.
 *
 * <p>Thread-safe: built once when the gateway starts, then only read; the breakers are safe to call from every event
 * loop (see {@link CircuitBreakingProtocol}).
 */
public final class NodeTargets {

  private final Map<String, Target> targets;

  private NodeTargets(Map<String, Target> targets) {
    this.targets = targets;
  }

  /**
   * The targets of {@code configs}, each with a breaker unless its {@code maxFailures} is 0. Fails with one
   * {@link ConfigException} naming every target key whose file or key material is bad.
   */
  public static Future<NodeTargets> create(Vertx vertx, Map<String, TargetConfig> configs, TargetStatuses statuses) {
    return KeyFiles.read(vertx, configs.values()).compose(files -> {
      List<String> problems = new ArrayList<>(files.problems());
      configs.values().stream().filter(files::readAll)
          .forEach(config -> problems.addAll(TargetKinds.problems(config, files)));
      if (!problems.isEmpty()) {
        return Future.failedFuture(new ConfigException(problems));
      }
      Map<String, Target> targets = new LinkedHashMap<>();
      for (TargetConfig config : configs.values()) {
        TargetStatus status = statuses.of(config.name());
        targets.put(config.name(), new Target(config, status, TargetCircuits.of(vertx, config, status),
            TargetKinds.runtime(vertx, config, files)));
      }
      return Future.succeededFuture(new NodeTargets(Map.copyOf(targets)));
    });
  }

  /** Every target, by name. */
  Map<String, Target> all() {
    return targets;
  }

  /** Lets go of the breakers' timers and of what the kinds hold. */
  public void close() {
    targets.values().stream().filter(target -> target.circuits() != null)
        .forEach(target -> target.circuits().close());
    targets.values().forEach(target -> target.kind().close());
  }

  /**
   * One target as the senders share it.
   *
   * @param circuits its circuit breakers, or {@code null} when switched off
   * @param kind its kind as this node runs it
   */
  record Target(TargetConfig config, TargetStatus status, TargetCircuits circuits, KindRuntime kind) {
  }
}
