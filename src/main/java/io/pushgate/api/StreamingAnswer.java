package io.pushgate.api;

import io.pushgate.bus.BatchResult;
import io.pushgate.bus.BatchResultWriter;
import io.pushgate.bus.SendOutcome;
import io.pushgate.observability.Budget;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes a batch answer as fast as its client reads it: encoded in pieces of {@link #PIECE_BYTES}, the next piece
 * only when the connection's write queue has room, so that a client that does not read pins no more than a piece or
 * two of encoded bytes. An answer of one piece goes out whole, with a {@code Content-Length}; a longer one is chunked.
 * The batch result itself is counted in the node's answer budget ({@code http.maxAnswerBytesInFlight}) until the
 * answer is written or its connection closed; a write that makes no progress for {@code http.answerWriteTimeoutMs}
 * closes the connection, which releases it. Runs on the request's event loop.
 */
final class StreamingAnswer {

  static final int PIECE_BYTES = 64 * 1024;
  /** What a result costs beyond its response body, roughly: the outcome object and its JSON fields. */
  private static final int BYTES_PER_RESULT = 128;
  /** The access log's outcome for an answer cut because its client stopped reading. */
  static final String WRITE_TIMEOUT = "answer_write_timeout";

  private final Vertx vertx;
  private final RoutingContext ctx;
  private final BatchResultWriter writer;
  private final long timeoutMs;
  private long timer;

  private StreamingAnswer(Vertx vertx, RoutingContext ctx, BatchResult batch, long timeoutMs) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.writer = new BatchResultWriter(batch, PIECE_BYTES);
    this.timeoutMs = timeoutMs;
  }

  /**
   * Writes {@code batch} as the answer to {@code ctx} with status 200 and the headers already set; drops it when the
   * client has gone.
   */
  static void write(Vertx vertx, RoutingContext ctx, BatchResult batch, Budget answers, long timeoutMs) {
    if (ctx.response().closed()) {
      return;
    }
    long held = heldBytes(batch);
    answers.take(held);
    ctx.addEndHandler(ended -> answers.giveBack(held));
    new StreamingAnswer(vertx, ctx, batch, timeoutMs).start();
  }

  /** The memory the result holds until it is written: the targets' bodies and a little per result. */
  static long heldBytes(BatchResult batch) {
    long bytes = 0;
    for (SendOutcome outcome : batch.results()) {
      bytes += BYTES_PER_RESULT + (outcome.response() == null ? 0 : outcome.response().length());
    }
    return bytes;
  }

  private void start() {
    HttpServerResponse response = ctx.response();
    Buffer first = writer.next();
    Buffer second = writer.next();
    if (second == null) {
      response.end(first);
      return;
    }
    response.setChunked(true).write(first);
    response.write(second);
    ctx.addEndHandler(ended -> vertx.cancelTimer(timer));
    response.drainHandler(drained -> pump());
    pump();
  }

  /** Writes pieces while the write queue has room; the drain handler calls it again as the client reads. */
  private void pump() {
    vertx.cancelTimer(timer);
    HttpServerResponse response = ctx.response();
    if (response.closed()) {
      return;
    }
    while (!response.writeQueueFull()) {
      Buffer piece = writer.next();
      if (piece == null) {
        response.end();
        return;
      }
      response.write(piece);
    }
    timer = vertx.setTimer(timeoutMs, id -> {
      ctx.put(AccessLog.CLOSED_KEY, WRITE_TIMEOUT);
      closeNow(ctx.request().connection());
    });
  }

  /**
   * Closes the channel at once. {@code HttpConnection.close()} will not do, nor {@code Channel.close()}, which goes
   * through Vert.x's handler: on Vert.x 5.0.7 both close only once what is queued has been written
   * ({@code VertxConnection.writeClose}), which a client that does not read never allows. Closing from Vert.x's own
   * handler context skips that wait, as Vert.x's idle timeout does ({@code VertxConnection.handleIdle}).
   */
  private static void closeNow(HttpConnection connection) {
    // io.vertx.core.http.impl is Vert.x's implementation, not its API: checked on 5.0.7 (HostileClientTest's
    // answer_not_read fails if a new version breaks it); any other connection type gets the ordinary close.
    if (connection instanceof HttpServerConnection server) {
      server.channelHandlerContext().close();
    } else {
      connection.close();
    }
  }
}
