package io.pushgate.bench;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the nginx sink's count of received POSTs from its {@code stub_status} page ({@code GET /nginx_status}):
 * the page's {@code requests} figure, which counts every request nginx has read, the status GETs included, in a
 * counter shared by its workers. This reader is the only client of the page, so the POSTs are {@code requests}
 * less the GETs it has made itself, this one included. Like the JVM sink's count it says how many POSTs arrived,
 * not which: a lost message and a duplicate in the same row would cancel out (the row's driver still counts every
 * call that was not answered 2xx). Called from the load generator's main thread.
 */
final class NginxStatus implements SinkCounter {

  private static final long TIMEOUT_SECONDS = 10;

  private final WebClient client;
  private final int port;
  private long reads;

  NginxStatus(Vertx vertx, int port) {
    this.client = WebClient.create(vertx);
    this.port = port;
  }

  @Override
  public long received() {
    String page;
    try {
      page = client.get(port, "127.0.0.1", "/nginx_status").send()
          .map(response -> response.bodyAsString())
          .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("nginx did not answer GET /nginx_status in " + TIMEOUT_SECONDS + " s", e);
    }
    reads++;
    return requests(page) - reads;
  }

  /**
   * The {@code requests} figure of a stub_status page: the third number of the line after
   * {@code server accepts handled requests}.
   */
  static long requests(String page) {
    String[] lines = page.split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      if (lines[i].trim().equals("server accepts handled requests")) {
        String[] counts = lines[i + 1].trim().split("\\s+");
        return Long.parseLong(counts[2]);
      }
    }
    throw new IllegalStateException("no request count in the nginx status page: " + page);
  }
}
