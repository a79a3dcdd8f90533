package io.pushgate.observability;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.NodeLoad;
import io.pushgate.cluster.ClusterMember;
import io.pushgate.cluster.ClusterView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * This node's {@link NodeLoad}, read from the state its admission control, readiness and target statuses keep, and
 * on a cluster every member's, asked over the bus ({@link Addresses#nodeLoadOn}). Thread-safe.
 */
public final class NodeLoads {

  /** How long a member has to say how busy it is; one that does not is shown as not answering. */
  public static final long ASK_TIMEOUT_MS = 1000;

  private final Vertx vertx;
  private final ClusterView cluster;
  private final TargetStatuses statuses;
  private final GatewayState state;
  private final LongSupplier admitted;
  private final long maxInFlight;

  /**
   * @param admitted the messages admitted on this node and not yet done
   * @param maxInFlight {@code limits.maxInFlight}
   */
  public NodeLoads(Vertx vertx, ClusterView cluster, TargetStatuses statuses, GatewayState state,
                   LongSupplier admitted, long maxInFlight) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.statuses = statuses;
    this.state = state;
    this.admitted = admitted;
    this.maxInFlight = maxInFlight;
  }

  /** On a cluster, answers the other members' questions about this node; off a cluster, nothing to do. */
  public Future<Void> serve() {
    if (!cluster.clustered()) {
      return Future.succeededFuture();
    }
    return vertx.eventBus().consumer(Addresses.nodeLoadOn(cluster.selfId()),
        question -> question.reply(self().toJson())).completion();
  }

  /** This node's load now. */
  public NodeLoad self() {
    return new NodeLoad(cluster.nodeName(), admitted.getAsLong(), maxInFlight, state.draining(),
        total(DeliveryStatus.DELIVERED), total(DeliveryStatus.FAILED), total(DeliveryStatus.TIMEOUT));
  }

  /**
   * Every node's load as the console shows it, this one first: each {@link NodeLoad#toJson()} plus {@code self} and
   * {@code answered}; a member that did not answer within {@link #ASK_TIMEOUT_MS} is only its name with
   * {@code "answered": false}. Never fails.
   */
  public Future<JsonArray> all() {
    List<Future<JsonObject>> answers = new ArrayList<>();
    answers.add(Future.succeededFuture(shown(self(), true)));
    for (ClusterMember member : cluster.members()) {
      if (!member.self()) {
        answers.add(ask(member));
      }
    }
    return Future.join(answers).map(done -> {
      JsonArray nodes = new JsonArray();
      answers.forEach(answer -> nodes.add(answer.result()));
      return nodes;
    });
  }

  private Future<JsonObject> ask(ClusterMember member) {
    return vertx.eventBus().<JsonObject>request(Addresses.nodeLoadOn(member.nodeId()), null,
            new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS))
        .map(answer -> shown(NodeLoad.fromJson(answer.body()), false))
        .otherwise(silent -> new JsonObject().put("name", member.name()).put("self", false).put("answered", false));
  }

  private static JsonObject shown(NodeLoad load, boolean self) {
    return load.toJson().put("self", self).put("answered", true);
  }

  private long total(DeliveryStatus status) {
    long total = 0;
    for (TargetStatus target : statuses.all()) {
      total += target.count(status);
    }
    return total;
  }
}
