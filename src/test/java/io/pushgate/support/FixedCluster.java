package io.pushgate.support;

import io.pushgate.cluster.ClusterMember;
import io.pushgate.cluster.ClusterView;
import java.util.Arrays;
import java.util.List;

/**
 * A cluster view that does not change, for testing routing without Hazelcast: this node is the first member, and a
 * member with id {@code x} is named {@code node-x}.
 */
public record FixedCluster(List<ClusterMember> members) implements ClusterView {

  /** Members with these ids, the first one this node. */
  public static FixedCluster of(String... ids) {
    return new FixedCluster(Arrays.stream(ids)
        .map(id -> new ClusterMember(id, "node-" + id, "127.0.0.1:0", id.equals(ids[0])))
        .toList());
  }

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public String selfId() {
    return members.get(0).nodeId();
  }

  @Override
  public String nodeName() {
    return members.get(0).name();
  }

  @Override
  public String clusterName() {
    return "test";
  }

  @Override
  public boolean joined() {
    return true;
  }
}
