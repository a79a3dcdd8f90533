package io.pushgate.bench;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads the JVM sink's count of received POSTs ({@code GET /stats}). Called from the load generator's main thread. */
final class SinkStats implements SinkCounter {

  private static final long TIMEOUT_SECONDS = 10;

  private final WebClient client;
  private final int port;

  SinkStats(Vertx vertx, int port) {
    this.client = WebClient.create(vertx);
    this.port = port;
  }

  @Override
  public long received() {
    try {
      return client.get(port, "127.0.0.1", "/stats").send()
          .map(response -> response.bodyAsJsonObject().getLong("received"))
          .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the sink did not answer GET /stats in " + TIMEOUT_SECONDS + " s", e);
    }
  }
}
