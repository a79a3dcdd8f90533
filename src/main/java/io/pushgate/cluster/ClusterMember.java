package io.pushgate.cluster;

import io.vertx.core.json.JsonObject;

/**
 * One live member of the cluster.
 *
 * @param nodeId its Vert.x node id, which names its senders' address
 * @param name its {@code cluster.nodeName}
 * @param address the {@code host:port} Hazelcast reaches it at
 * @param self whether it is this node
 */
public record ClusterMember(String nodeId, String name, String address, boolean self) {

  /** The shape {@code GET /v1/cluster} lists. */
  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("address", address).put("self", self);
  }
}
