package io.pushgate.cluster;

import java.util.List;

/**
 * What this node knows of the cluster it runs in: who it is and which members are alive. Read by the aggregators
 * (where to send chunks), the senders (their address and name) and the HTTP API ({@code GET /v1/cluster},
 * readiness). Thread-safe.
 */
public interface ClusterView {

  /** A node on its own: no cluster, no members. */
  ClusterView SINGLE = new ClusterView() {
    @Override
    public boolean clustered() {
      return false;
    }

    @Override
    public String selfId() {
      return null;
    }

    @Override
    public String nodeName() {
      return null;
    }

    @Override
    public String clusterName() {
      return null;
    }

    @Override
    public List<ClusterMember> members() {
      return List.of();
    }

    @Override
    public boolean joined() {
      return true;
    }
  };

  /** Whether this node runs in a cluster. */
  boolean clustered();

  /** This node's Vert.x node id on a cluster, else {@code null}. */
  String selfId();

  /** This node's {@code cluster.nodeName} on a cluster, else {@code null}. */
  String nodeName();

  /** The Hazelcast cluster name on a cluster, else {@code null}. */
  String clusterName();

  /** The live Vert.x members of the cluster, this one included, in join order; empty off a cluster. */
  List<ClusterMember> members();

  /** Whether this node is a running member of its cluster; always true off a cluster. */
  boolean joined();
}
