package io.pushgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.bus.DeliveryStatus;
import io.pushgate.cluster.ClusterMember;
import io.pushgate.cluster.ClusterView;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
@DisplayName("Node loads: this node's from its own state, the other members' asked over the bus")
class NodeLoadsTest {

  private static final List<ClusterMember> MEMBERS = List.of(
      new ClusterMember("id-a", "node-a", "127.0.0.1:5701", false),
      new ClusterMember("id-b", "node-b", "127.0.0.1:5702", false),
      new ClusterMember("id-c", "node-c", "127.0.0.1:5703", false));

  /** The cluster as member {@code selfId} sees it: the three members, itself marked. */
  private static ClusterView seenBy(String selfId) {
    List<ClusterMember> members = MEMBERS.stream().map(member -> new ClusterMember(member.nodeId(), member.name(),
        member.address(), member.nodeId().equals(selfId))).toList();
    ClusterMember self = members.stream().filter(ClusterMember::self).findFirst().orElseThrow();
    return new ClusterView() {
      @Override
      public boolean clustered() {
        return true;
      }

      @Override
      public String selfId() {
        return self.nodeId();
      }

      @Override
      public String nodeName() {
        return self.name();
      }

      @Override
      public String clusterName() {
        return "test";
      }

      @Override
      public List<ClusterMember> members() {
        return members;
      }

      @Override
      public boolean joined() {
        return true;
      }
    };
  }

  @Test
  @DisplayName("this node first, then each member's answer; a member with no answer is named, marked not answering")
  void every_member(Vertx vertx) {
    TargetStatuses statuses = new TargetStatuses(List.of("one", "two"));
    statuses.of("one").started();
    statuses.of("one").completed(DeliveryStatus.DELIVERED);
    statuses.of("two").started();
    statuses.of("two").completed(DeliveryStatus.TIMEOUT);
    GatewayState drainingState = new GatewayState();
    drainingState.markDraining();
    NodeLoads a = new NodeLoads(vertx, seenBy("id-a"), statuses, new GatewayState(), () -> 12, 20_000);
    NodeLoads b = new NodeLoads(vertx, seenBy("id-b"), new TargetStatuses(List.of("one")), drainingState, () -> 3,
        500);
    // node-c never serves: it has gone, or answers too late.
    a.serve().await();
    b.serve().await();

    JsonArray nodes = a.all().await();
    JsonObject self = nodes.getJsonObject(0);
    assertThat(self).isEqualTo(new JsonObject().put("name", "node-a").put("inFlight", 12L).put("maxInFlight", 20_000L)
        .put("draining", false).put("delivered", 1L).put("failed", 0L).put("timedOut", 1L).put("self", true)
        .put("answered", true));
    JsonObject other = nodes.getJsonObject(1);
    assertThat(other.getString("name")).isEqualTo("node-b");
    assertThat(other.getBoolean("self")).isFalse();
    assertThat(other.getBoolean("answered")).isTrue();
    assertThat(other.getBoolean("draining")).isTrue();
    assertThat(other.getLong("inFlight")).isEqualTo(3);
    assertThat(other.getLong("maxInFlight")).isEqualTo(500);
    assertThat(nodes.getJsonObject(2)).isEqualTo(new JsonObject().put("name", "node-c").put("self", false)
        .put("answered", false));
  }

  @Test
  @DisplayName("off a cluster: only this node, with no name, and nothing served on the bus")
  void single_node(Vertx vertx) {
    NodeLoads single = new NodeLoads(vertx, ClusterView.SINGLE, new TargetStatuses(List.of("one")),
        new GatewayState(), () -> 0, 100);
    single.serve().await();
    JsonArray nodes = single.all().await();
    assertThat(nodes).hasSize(1);
    assertThat(nodes.getJsonObject(0).getValue("name")).isNull();
    assertThat(nodes.getJsonObject(0).getBoolean("self")).isTrue();
  }
}
