package io.pushgate.api;

import io.pushgate.cluster.ClusterMember;
import io.pushgate.cluster.ClusterView;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/cluster}: the members this node sees, each with its name, Hazelcast address and whether it is this
 * node. Off a cluster: {@code {"clustered":false,"members":[]}}.
 */
final class ClusterRoute {

  private ClusterRoute() {
  }

  static void list(RoutingContext ctx, ClusterView cluster) {
    JsonArray members = new JsonArray();
    for (ClusterMember member : cluster.members()) {
      members.add(member.toJson());
    }
    JsonObject body = new JsonObject().put("clustered", cluster.clustered());
    if (cluster.clustered()) {
      body.put("name", cluster.clusterName()).put("node", cluster.nodeName());
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.put("members", members).toBuffer());
  }
}
