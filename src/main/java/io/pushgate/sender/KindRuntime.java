package io.pushgate.sender;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * One target of one kind as a node runs it: built once per node ({@link TargetKinds#runtime}) and shared by every
 * sender, each of which gets its own protocol on its own event loop. What the senders share (credentials: OAuth2
 * tokens, signing keys and the tokens made with them) lives here, so it is made once per node with its lifetime,
 * never once per message. Implementations are thread-safe: the senders run on different event loops.
 */
interface KindRuntime {

  /** This kind's connection options, from the senders' defaults (APNs: HTTP/2 with ALPN over TLS). */
  default HttpClientOptions clientOptions(HttpClientOptions defaults) {
    return defaults;
  }

  /** This kind's pool options, from the senders' defaults (APNs: a few HTTP/2 connections). */
  default PoolOptions poolOptions(PoolOptions defaults) {
    return defaults;
  }

  /** One sender's protocol, on that sender's own client; called on the sender's event loop. */
  TargetProtocol protocol(Vertx vertx, BoundedExchange exchange);

  /** Lets go of what the node holds for the target (timers) when the node stops. */
  default void close() {
  }
}
