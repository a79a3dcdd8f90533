package io.pushgate.api;

import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.observability.GatewayState;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a push request's body within the node's body budget ({@code http.maxBodyBytesInFlight}), in place of Vert.x
 * Web's {@code BodyHandler}. Refuses before reading when the node holds too many unwritten answers, when the
 * {@code Content-Length} passes {@code http.maxBodyBytes} or does not fit the budget; a chunked body takes budget as
 * it arrives and is cut the same way. Refusals are answered at once and the connection closed, so that the body is
 * never read. The bytes go back when the request ends: answered, failed or closed.
 *
 * <p>Once the body is read, the request counts for the drain: a client still sending its body does not hold a
 * shutdown up (the drain's end closes its connection).
 */
final class BodyReader {

  private static final String KEY = "pushgate.body";
  private static final Logger LOG = LoggerFactory.getLogger(BodyReader.class);

  private final ClientLimits limits;
  private final int maxBodyBytes;
  private final GatewayState state;

  BodyReader(ClientLimits limits, int maxBodyBytes, GatewayState state) {
    this.limits = limits;
    this.maxBodyBytes = maxBodyBytes;
    this.state = state;
  }

  /** The body {@link #handle} read. */
  static Buffer of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (limits.answers.exhausted()) {
      ErrorResponses.sendAndClose(ctx, overloaded("too many answers are waiting for their clients to read them"));
      return;
    }
    long length = contentLength(request);
    if (length > maxBodyBytes) {
      ErrorResponses.sendAndClose(ctx, new GatewayException(FailureCode.PAYLOAD_TOO_LARGE,
          "the body is larger than http.maxBodyBytes"));
      return;
    }
    if (length > 0 && !limits.bodies.tryTake(length)) {
      ErrorResponses.sendAndClose(ctx, overloaded("too many request bodies are being read"));
      return;
    }
    Body body = new Body(ctx, Math.max(length, 0));
    ctx.addEndHandler(ended -> limits.bodies.giveBack(body.taken));
    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))
        && request.version() != HttpVersion.HTTP_1_0) {
      ctx.response().writeContinue();
    }
    if (request.isEnded()) {
      body.end(null);
      return;
    }
    request.handler(body::append).endHandler(body::end).exceptionHandler(body::fail).resume();
  }

  /** The announced length, or -1 when there is none (chunked, or no body). */
  private static long contentLength(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    try {
      return header == null ? -1 : Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The refusal of a request that does not fit the node's budgets: {@code 429 overloaded}. */
  static GatewayException overloaded(String why) {
    return new GatewayException(FailureCode.OVERLOADED, why + "; try again later");
  }

  /** One body being read: its bytes, and the budget it holds. */
  private final class Body {
    final RoutingContext ctx;
    final Buffer bytes;
    long taken;
    boolean cut;

    Body(RoutingContext ctx, long announced) {
      this.ctx = ctx;
      this.taken = announced;
      // Sized once when the length is known (and admitted): growing by doubling would hold twice the body.
      this.bytes = Buffer.buffer((int) Math.min(announced > 0 ? announced : 1024, maxBodyBytes));
    }

    void append(Buffer chunk) {
      if (cut) {
        return;
      }
      long after = bytes.length() + (long) chunk.length();
      if (after > maxBodyBytes) {
        cut(new GatewayException(FailureCode.PAYLOAD_TOO_LARGE, "the body is larger than http.maxBodyBytes"));
        return;
      }
      if (after > taken) {
        if (!limits.bodies.tryTake(after - taken)) {
          cut(overloaded("too many request bodies are being read"));
          return;
        }
        taken = after;
      }
      bytes.appendBuffer(chunk);
    }

    void end(Void v) {
      if (cut || ctx.response().ended()) {
        // Cut, or answered already (the read timeout's 408): nothing left to do with it.
        return;
      }
      ctx.put(KEY, bytes);
      // Counted before the check, so that a drain starting between the two still waits for this request; one that
      // came in while draining is refused at once and must not hold the drain up.
      state.requestStarted();
      if (state.draining()) {
        state.requestEnded();
      } else {
        ctx.addEndHandler(ended -> state.requestEnded());
      }
      ctx.next();
    }

    void fail(Throwable cause) {
      if (cut) {
        return;
      }
      cut = true;
      if (ErrorResponses.isConnectionLost(cause)) {
        // The access log and the closed-request counter record it when the request ends.
        LOG.debug("request {}: the client closed the connection before its body was read ({})",
            RequestIdHandler.of(ctx), cause.toString());
        return;
      }
      ctx.fail(cause);
    }

    private void cut(GatewayException failure) {
      cut = true;
      ErrorResponses.sendAndClose(ctx, failure);
    }
  }
}
