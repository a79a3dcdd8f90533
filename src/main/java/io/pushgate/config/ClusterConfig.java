package io.pushgate.config;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * How this node joins a Pushgate cluster ({@code cluster.*}): Hazelcast membership over TCP/IP (no multicast, no
 * auto-detection) and the clustered event bus, both bound to {@code host}.
 *
 * @param enabled whether to join a cluster; when false nothing about Hazelcast starts
 * @param name the Hazelcast cluster name: nodes with another name never join this one
 * @param host the interface Hazelcast and the clustered event bus bind to, an IPv4 address
 * @param port the Hazelcast member port
 * @param members the members to join, each {@code host:port}; empty starts a cluster of one that others may join
 * @param publicHost the address other members reach this one at (a container's service name), or {@code null} for
 *     {@code host}
 * @param nodeName the name results and {@code GET /v1/cluster} give this node; when not set, {@code publicHost:port},
 *     or {@code host:port} without a public host
 */
public record ClusterConfig(boolean enabled, String name, String host, int port, List<String> members,
                            String publicHost, String nodeName) {

  /** The {@code cluster.host} that binds every interface; {@code publicHost} is required with it. */
  public static final String ANY_HOST = "0.0.0.0";

  public ClusterConfig {
    members = List.copyOf(members);
  }

  /** Reads a section checked by {@link ConfigValidator}. */
  public static ClusterConfig fromJson(JsonObject json) {
    String host = json.getString("host");
    int port = json.getInteger("port");
    String nodeName = json.getString("nodeName", json.getString("publicHost", host) + ":" + port);
    return new ClusterConfig(json.getBoolean("enabled"), json.getString("name"), host, port,
        json.getJsonArray("members").stream().map(String.class::cast).toList(), json.getString("publicHost"),
        nodeName);
  }
}
