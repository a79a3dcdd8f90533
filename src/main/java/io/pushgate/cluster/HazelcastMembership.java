package io.pushgate.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.HazelcastInstance;
import io.pushgate.bus.Addresses;
import io.pushgate.config.ClusterConfig;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster as Hazelcast's membership events show it. Keeps the list of live Pushgate members and, when Hazelcast
 * removes one (a crash is noticed when its connections drop, a hung node after its heartbeat window), publishes its
 * node id on {@link Addresses#CLUSTER_NODE_LEFT}, on this node only, for the aggregators to send its chunks again.
 *
 * <p>Events arrive on Hazelcast's threads; the list is swapped whole, so readers on any thread see a consistent one.
 */
final class HazelcastMembership implements ClusterView, InitialMembershipListener {

  /** The member attribute vertx-hazelcast stores each member's Vert.x node id in. */
  static final String VERTX_NODE_ID = "__vertx.nodeId";
  /** The member attribute Pushgate stores {@code cluster.nodeName} in. */
  static final String NODE_NAME = "pushgate.nodeName";

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastMembership.class);

  private final Vertx vertx;
  private final HazelcastClusterManager manager;
  private final HazelcastInstance hazelcast;
  private final String nodeName;
  private volatile List<ClusterMember> members = List.of();

  HazelcastMembership(Vertx vertx, HazelcastClusterManager manager, ClusterConfig config) {
    this.vertx = vertx;
    this.manager = manager;
    this.hazelcast = manager.getHazelcastInstance();
    this.nodeName = config.nodeName();
    // The members known at join, at once: the initial event may come later, and chunks need somewhere to go.
    refresh(hazelcast.getCluster().getMembers());
    hazelcast.getCluster().addMembershipListener(this);
  }

  @Override
  public void init(InitialMembershipEvent event) {
    refresh(event.getMembers());
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    refresh(event.getMembers());
    LOG.info("cluster member joined: {}", describe(event.getMember()));
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    refresh(event.getMembers());
    LOG.warn("cluster member left: {}", describe(event.getMember()));
    String nodeId = event.getMember().getAttribute(VERTX_NODE_ID);
    if (nodeId != null) {
      try {
        vertx.eventBus().publish(Addresses.CLUSTER_NODE_LEFT, nodeId, new DeliveryOptions().setLocalOnly(true));
      } catch (IllegalStateException closing) {
        // This node is closing too: its aggregators are gone and nothing waits for the event.
        LOG.debug("event bus closed; member-left event dropped");
      }
    }
  }

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public String selfId() {
    return manager.getNodeId();
  }

  @Override
  public String nodeName() {
    return nodeName;
  }

  @Override
  public String clusterName() {
    return hazelcast.getConfig().getClusterName();
  }

  @Override
  public List<ClusterMember> members() {
    return members;
  }

  @Override
  public boolean joined() {
    return manager.isActive() && hazelcast.getLifecycleService().isRunning();
  }

  private void refresh(Collection<Member> current) {
    List<ClusterMember> live = new ArrayList<>(current.size());
    for (Member member : current) {
      String nodeId = member.getAttribute(VERTX_NODE_ID);
      // Members without a Vert.x node id are not Vert.x nodes: nothing to send chunks to.
      if (nodeId != null) {
        String name = member.getAttribute(NODE_NAME);
        live.add(new ClusterMember(nodeId, name == null ? address(member) : name, address(member),
            member.localMember()));
      }
    }
    members = List.copyOf(live);
  }

  private static String describe(Member member) {
    String name = member.getAttribute(NODE_NAME);
    return (name == null ? "" : name + " ") + "at " + address(member);
  }

  private static String address(Member member) {
    return member.getAddress().getHost() + ":" + member.getAddress().getPort();
  }
}
