package io.pushgate.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.pushgate.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Joins a Pushgate cluster: Vert.x's clustered event bus with the Hazelcast cluster manager, both bound to
 * {@code cluster.host}. Membership, failure detection and transport are Hazelcast's and the event bus's.
 */
public final class Clustering {

  private Clustering() {
  }

  /**
   * Vert.x's default Hazelcast config (which holds the {@code __vertx.*} maps the cluster manager needs) set for
   * {@code cluster}: its name, TCP/IP join to {@code cluster.members} with multicast and auto-detection off, the
   * member port, the interface, and no phone-home. Tests tune heartbeats on the result.
   */
  public static Config hazelcastConfig(ClusterConfig cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    // Hazelcast calls out to its vendor at start-up unless told not to; Pushgate opens no connection of its own.
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // At its default of 5 s this wait adds as much to every join; TCP/IP join needs none.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.getMemberAttributeConfig().setAttribute(HazelcastMembership.NODE_NAME, cluster.nodeName());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    if (cluster.publicHost() != null) {
      network.setPublicAddress(cluster.publicHost() + ":" + cluster.port());
    }
    // On 0.0.0.0 Hazelcast binds every interface; cluster.publicHost (required then) says where to reach it.
    if (!ClusterConfig.ANY_HOST.equals(cluster.host())) {
      config.setProperty("hazelcast.socket.bind.any", "false");
      network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return config;
  }

  /**
   * Builds a clustered Vert.x from {@code builder} and {@code options}, its event bus bound to {@code cluster.host}
   * (and announced at {@code cluster.publicHost}), and joins the cluster with {@code hazelcast}.
   */
  public static Future<ClusteredNode> join(VertxBuilder builder, VertxOptions options, ClusterConfig cluster,
                                           Config hazelcast) {
    options.getEventBusOptions().setHost(cluster.host()).setClusterPublicHost(cluster.publicHost());
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast);
    return builder.with(options).withClusterManager(manager).buildClustered()
        .map(vertx -> new ClusteredNode(vertx, new HazelcastMembership(vertx, manager, cluster)));
  }

  /** A Vert.x that has joined the cluster, and its view of the members. */
  public record ClusteredNode(Vertx vertx, ClusterView cluster) {
  }
}
