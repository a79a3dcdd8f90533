package io.pushgate.support;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (a database), which a test can {@link #cut}: every connection
 * through it closes and new ones are closed at once, as when the database goes down, until {@link #restore}.
 */
public final class CuttableProxy extends VerticleBase {

  private final String host;
  private final int port;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private NetServer server;
  private NetClient client;

  public CuttableProxy(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(this::accept);
    return server.listen(0, "127.0.0.1");
  }

  public int port() {
    return server.actualPort();
  }

  /** Closes every connection through the proxy and refuses new ones. */
  public void cut() {
    cut = true;
    open.forEach(NetSocket::close);
  }

  /** Lets connections through again. */
  public void restore() {
    cut = false;
  }

  private void accept(NetSocket incoming) {
    if (cut) {
      incoming.close();
      return;
    }
    incoming.pause();
    client.connect(port, host).onComplete(connected -> {
      if (connected.failed() || cut) {
        incoming.close();
        if (connected.succeeded()) {
          connected.result().close();
        }
        return;
      }
      NetSocket outgoing = connected.result();
      open.add(incoming);
      open.add(outgoing);
      incoming.closeHandler(v -> {
        open.remove(incoming);
        outgoing.close();
      });
      outgoing.closeHandler(v -> {
        open.remove(outgoing);
        incoming.close();
      });
      incoming.pipeTo(outgoing);
      outgoing.pipeTo(incoming);
    });
  }
}
