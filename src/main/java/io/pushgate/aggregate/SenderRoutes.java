package io.pushgate.aggregate;

import io.pushgate.bus.Addresses;
import io.pushgate.cluster.ClusterMember;
import io.pushgate.cluster.ClusterView;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where an aggregator sends chunks. On a single node that is {@link Addresses#SENDER_SEND}. On a cluster it is the
 * senders' address of one live member, taken in turn, so that the aggregator knows which node holds each chunk;
 * members that announced they are draining, or refused a chunk because they are, are passed over until they leave.
 * Confined to the aggregator's event loop.
 */
final class SenderRoutes {

  /** The one route of a single node. */
  static final String LOCAL = "local";

  private final ClusterView cluster;
  private final Set<String> draining = new HashSet<>();
  private int next;

  SenderRoutes(ClusterView cluster) {
    this.cluster = cluster;
  }

  /** How many nodes take chunks now, at least 1. */
  int nodes() {
    return Math.max(1, cluster.members().size());
  }

  /**
   * The next node to send a chunk to, passing over those in {@code tried}, or {@code null} when none is left. A
   * draining member is chosen only when no other is left, this node first: a draining node still takes its own
   * node's chunks.
   */
  String pick(Set<String> tried) {
    if (!cluster.clustered()) {
      return tried.contains(LOCAL) ? null : LOCAL;
    }
    List<ClusterMember> members = cluster.members();
    String fallback = null;
    for (int i = 0; i < members.size(); i++) {
      String node = members.get(Math.floorMod(next++, members.size())).nodeId();
      if (tried.contains(node)) {
        continue;
      }
      if (!draining.contains(node)) {
        return node;
      }
      fallback = fallback == null || node.equals(cluster.selfId()) ? node : fallback;
    }
    return fallback;
  }

  /** The event-bus address of {@code node}'s senders. */
  String address(String node) {
    return LOCAL.equals(node) ? Addresses.SENDER_SEND : Addresses.senderOn(node);
  }

  /** {@code node} refused a chunk because it is shutting down. */
  void draining(String node) {
    draining.add(node);
  }

  /** {@code node} has left the cluster. */
  void left(String node) {
    draining.remove(node);
  }
}
