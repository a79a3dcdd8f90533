package io.pushgate.api;

import io.vertx.core.http.HttpConnection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the client connections a node keeps open at {@code http.maxConnections}. Past the cap, {@link #PROBE_RESERVE}
 * more are kept for probes and scrapers only (so that {@code /health/*} and {@code /metrics} still answer when
 * clients take every connection); past those, a new connection is closed at once. Thread-safe: one per node, used
 * by the API verticles of every event loop.
 */
final class ConnectionLimit {

  /** Connections past the cap that serve only probes and metrics. */
  static final int PROBE_RESERVE = 8;

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final Set<HttpConnection> probeOnly = ConcurrentHashMap.newKeySet();

  ConnectionLimit(int max) {
    this.max = max;
  }

  /**
   * Counts a new connection until it closes; closes it at once past the reserve. {@code onClose} runs when it
   * closes, since a connection has one close handler.
   */
  void accept(HttpConnection connection, Runnable onClose) {
    int now = open.incrementAndGet();
    connection.closeHandler(closed -> {
      open.decrementAndGet();
      probeOnly.remove(connection);
      onClose.run();
    });
    if (now > max + PROBE_RESERVE) {
      connection.close();
    } else if (now > max) {
      probeOnly.add(connection);
    }
  }

  /** Whether {@code connection} was accepted past the cap, for probes and metrics only. */
  boolean probeOnly(HttpConnection connection) {
    return probeOnly.contains(connection);
  }

  int open() {
    return open.get();
  }
}
