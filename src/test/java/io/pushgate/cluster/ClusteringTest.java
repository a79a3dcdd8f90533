package io.pushgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.pushgate.config.ClusterConfig;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Hazelcast config: Vert.x's defaults, TCP/IP join only, no phone-home")
class ClusteringTest {

  private static ClusterConfig cluster(String host, String publicHost) {
    return new ClusterConfig(true, "team-a", host, 5801, List.of("10.0.0.1:5801", "10.0.0.2:5801"), publicHost,
        "node-a");
  }

  @Test
  @DisplayName("name, port, members and interface as configured; multicast and auto-detection off; no phone-home")
  void config_from_cluster_settings() {
    Config config = Clustering.hazelcastConfig(cluster("10.0.0.1", null));
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("0");
    assertThat(config.getClusterName()).isEqualTo("team-a");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1:5801", "10.0.0.2:5801");
    assertThat(config.getMemberAttributeConfig().getAttribute(HazelcastMembership.NODE_NAME)).isEqualTo("node-a");
    // Vert.x's own default config, not a bare one: the cluster manager keeps its subscriptions in these.
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
    assertThat(config.getMapConfigs()).containsKey("__vertx.nodeInfo");
  }

  @Test
  @DisplayName("bound to every interface, the member announces its public host")
  void any_interface_with_public_host() {
    Config config = Clustering.hazelcastConfig(cluster(ClusterConfig.ANY_HOST, "node1"));
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("node1:5801");
  }
}
