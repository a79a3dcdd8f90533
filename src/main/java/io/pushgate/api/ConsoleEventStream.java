package io.pushgate.api;

import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.observability.Budget;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/console/events}: what the console shows, as Server-Sent Events. One event at once, then one about
 * every second, each a whole {@link ConsoleSnapshots snapshot}:
 * <pre>
 * id: 7
 * event: snapshot
 * data: {"timeMs":1733280641512,"nodes":[...],"targets":[...],"jobsServed":true,"jobs":[...]}
 * </pre>
 * The stream goes on until the client goes. A comment line every 15 s keeps proxies from closing it should the
 * snapshots stop; {@code Last-Event-ID: n} resumes the ids at {@code n + 1} (each event is whole, so nothing is
 * replayed). A node keeps at most {@link ClientLimits#MAX_CONSOLE_STREAMS} open; past that, {@code 429 overloaded}.
 * A tick is skipped while the client has not read the last one; when the client goes, the stream's timers go too.
 */
final class ConsoleEventStream {

  static final long TICK_MS = 1000;
  static final String SNAPSHOT = "snapshot";

  private final Vertx vertx;
  private final ConsoleSnapshots snapshots;
  private final Budget streams;

  ConsoleEventStream(Vertx vertx, ConsoleSnapshots snapshots, Budget streams) {
    this.vertx = vertx;
    this.snapshots = snapshots;
    this.streams = streams;
  }

  void handle(RoutingContext ctx) {
    if (!streams.tryTake(1)) {
      ErrorResponses.send(ctx, new GatewayException(FailureCode.OVERLOADED,
          "too many console streams are open on this node; try again later"));
      return;
    }
    new Stream(ctx, ServerSentEvents.lastEventId(ctx)).open();
  }

  /** One open stream; confined to its request's event loop. */
  private final class Stream {
    final RoutingContext ctx;
    final HttpServerResponse response;
    long lastId;
    long lastSentTimeMs = -1;
    long tickTimer = -1;
    long commentTimer = -1;
    boolean reading;
    boolean closed;

    Stream(RoutingContext ctx, long lastId) {
      this.ctx = ctx;
      this.response = ctx.response();
      this.lastId = lastId;
    }

    void open() {
      ctx.put(AccessLog.SUMMARY_KEY, "console events");
      ServerSentEvents.start(response);
      response.closeHandler(v -> close());
      tick();
      tickTimer = vertx.setPeriodic(TICK_MS, id -> tick());
      commentTimer = vertx.setPeriodic(ServerSentEvents.COMMENT_MS, id -> {
        if (!response.writeQueueFull()) {
          response.write(ServerSentEvents.KEEP_ALIVE);
        }
      });
    }

    /** Sends the current snapshot, unless one is on its way, the client lags, or it was sent already. */
    void tick() {
      if (closed || reading || response.writeQueueFull()) {
        return;
      }
      reading = true;
      snapshots.current().onComplete(read -> {
        reading = false;
        // A snapshot never fails (what cannot be read is left out of it); checked anyway, so that ticks never stop.
        if (closed || read.failed() || read.result().timeMs() == lastSentTimeMs) {
          return;
        }
        ConsoleSnapshots.Snapshot snapshot = read.result();
        lastSentTimeMs = snapshot.timeMs();
        lastId++;
        response.write(ServerSentEvents.event(lastId, SNAPSHOT, snapshot.json()));
      });
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      vertx.cancelTimer(tickTimer);
      vertx.cancelTimer(commentTimer);
      streams.giveBack(1);
    }
  }
}
