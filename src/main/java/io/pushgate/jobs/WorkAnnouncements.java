package io.pushgate.jobs;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on PostgreSQL's {@value #CHANNEL} channel for the work other nodes announce, on one connection of its own
 * that it reconnects while the store is open. Announcements are hints (runners poll too), so one lost while the
 * connection was down costs a poll interval, nothing more. Thread-safe.
 */
final class WorkAnnouncements {

  static final String CHANNEL = "pushgate_jobs";
  private static final Logger LOG = LoggerFactory.getLogger(WorkAnnouncements.class);
  private static final long RECONNECT_MS = 2_000;

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  private final List<Handler<Void>> handlers = new CopyOnWriteArrayList<>();
  private boolean listening;
  private boolean closed;

  WorkAnnouncements(Vertx vertx, PgConnectOptions options) {
    this.vertx = vertx;
    // After a lost connection the subscriber reconnects, and LISTENs again, for as long as it is open.
    this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> RECONNECT_MS);
    subscriber.channel(CHANNEL).handler(payload -> handlers.forEach(handler -> handler.handle(null)));
  }

  /** Adds a handler; the first one opens the listening connection. */
  void subscribe(Handler<Void> handler) {
    handlers.add(handler);
    synchronized (this) {
      if (listening || closed) {
        return;
      }
      listening = true;
    }
    connect();
  }

  private void connect() {
    subscriber.connect().onFailure(failure -> {
      // The reconnect policy only covers a connection that was up: a first connect that failed is retried here,
      // after closing, since the subscriber ignores connect() until then.
      LOG.warn("Job store: cannot listen for announced work, retrying in {} ms: {}", RECONNECT_MS,
          failure.getMessage());
      subscriber.close().onComplete(closedNow -> vertx.setTimer(RECONNECT_MS, id -> {
        synchronized (this) {
          if (closed) {
            return;
          }
        }
        connect();
      }));
    });
  }

  Future<Void> close() {
    synchronized (this) {
      closed = true;
    }
    return subscriber.close();
  }
}
