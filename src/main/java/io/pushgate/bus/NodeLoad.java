package io.pushgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * How busy one node is, as the console shows it. A cluster member answers {@link Addresses#nodeLoadOn} with it, as
 * JSON.
 *
 * @param name the node's {@code cluster.nodeName}, or {@code null} off a cluster
 * @param inFlight messages admitted on this node and not yet done (batches and job messages), counted against
 *     {@code maxInFlight}
 * @param maxInFlight {@code limits.maxInFlight}
 * @param draining whether the node is shutting down: it takes no new work
 * @param delivered messages its senders delivered since start, every target
 * @param failed messages its senders ended {@code failed} since start
 * @param timedOut messages its senders ended {@code timeout} since start
 */
public record NodeLoad(String name, long inFlight, long maxInFlight, boolean draining, long delivered, long failed,
                       long timedOut) {

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("inFlight", inFlight).put("maxInFlight", maxInFlight)
        .put("draining", draining).put("delivered", delivered).put("failed", failed).put("timedOut", timedOut);
  }

  public static NodeLoad fromJson(JsonObject json) {
    return new NodeLoad(json.getString("name"), json.getLong("inFlight"), json.getLong("maxInFlight"),
        json.getBoolean("draining"), json.getLong("delivered"), json.getLong("failed"), json.getLong("timedOut"));
  }
}
