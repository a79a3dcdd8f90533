package io.pushgate.sender;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP request and its answer, bounded so that no target can hold a sender's memory or connections:
 *
 * <ul>
 *   <li><b>in time</b>: the whole exchange, from asking the pool for a connection to the answer's last byte, ends
 *       within its timeout. The HTTP client's own timeouts are idle timeouts, which a target sending one byte now and
 *       then resets forever; a timer resets the request instead, which closes its connection.</li>
 *   <li><b>in bytes</b>: at most {@code maxBodyBytes} of the body are kept; past them the request is reset, which
 *       closes the connection, rather than read (a body may never end). The answer is then {@link Answer#cut()}.</li>
 *   <li><b>in form</b>: a final status outside 200-599 fails the exchange with {@link InvalidStatusException}, its
 *       connection closed, since a target that sends one cannot be trusted to frame what follows.</li>
 * </ul>
 *
 * A reset connection is closed by the client (an HTTP/1.x request reset while in flight closes its connection), so
 * it never goes back to the pool. Every call runs on the calling sender's event loop: the client completes its
 * futures and the timer fires on the context that made the request.
 */
final class BoundedExchange {

  private final Vertx vertx;
  private final HttpClient client;
  private final int maxBodyBytes;

  BoundedExchange(Vertx vertx, HttpClient client, int maxBodyBytes) {
    this.vertx = vertx;
    this.client = client;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * An answer: the status, the headers and the body's first bytes.
   *
   * @param cut whether the body went on past what was kept; it is then cut at a whole UTF-8 character
   */
  record Answer(int status, MultiMap headers, Buffer body, boolean cut) {
  }

  /**
   * A final status outside 200-599: not HTTP, or a 1xx, which is never a final answer (the client handles 100 and
   * 103 itself and hands every other 1xx on as if it were one).
   */
  static final class InvalidStatusException extends RuntimeException {
    InvalidStatusException(int status) {
      super("the target answered with status " + status + ", not a final status (200-599)", null, false, false);
    }
  }

  /**
   * Sends {@code body} as {@code options} say and reads the answer; waiting for a pooled connection counts against
   * {@code timeoutMs} too (the options' connect timeout is set to it). Fails with a {@link TimeoutException} when the
   * answer is not whole within {@code timeoutMs}, with {@link InvalidStatusException}, or with the client's own
   * failure (connection refused, reset, unparsable answer).
   */
  Future<Answer> send(RequestOptions options, Buffer body, long timeoutMs) {
    return new Call(timeoutMs).start(options.setConnectTimeout(timeoutMs), body);
  }

  /** The state of one exchange, on the sender's event loop only. */
  private final class Call {
    private final Promise<Answer> result = Promise.promise();
    private final long timeoutMs;
    private HttpClientRequest request;
    private Buffer kept;

    Call(long timeoutMs) {
      this.timeoutMs = timeoutMs;
    }

    Future<Answer> start(RequestOptions options, Buffer body) {
      long timer = vertx.setTimer(timeoutMs, id ->
          abort(new TimeoutException("no whole answer within " + timeoutMs + " ms")));
      result.future().onComplete(done -> vertx.cancelTimer(timer));
      try {
        client.request(options).onComplete(created -> {
          if (created.succeeded()) {
            send(created.result(), body);
          } else {
            result.tryFail(created.cause());
          }
        });
      } catch (IllegalStateException closed) {
        // The client is closed: the sender is being undeployed while messages were still queued.
        result.tryFail(closed);
      }
      return result.future();
    }

    private void send(HttpClientRequest created, Buffer body) {
      request = created;
      // A reset before the request is written fails it here; without a handler the client would log it.
      request.exceptionHandler(result::tryFail);
      if (result.future().isComplete()) {
        // Timed out while waiting for a connection: never send.
        request.reset();
        return;
      }
      request.send(body).onComplete(sent -> {
        if (sent.succeeded()) {
          receive(sent.result());
        } else {
          result.tryFail(sent.cause());
        }
      });
    }

    private void receive(HttpClientResponse response) {
      // First, so that the reset below and any later one land here rather than in the client's error log.
      response.exceptionHandler(result::tryFail);
      int status = response.statusCode();
      if (status < 200 || status > 599) {
        abort(new InvalidStatusException(status));
        return;
      }
      kept = Buffer.buffer();
      response.handler(chunk -> keep(response, chunk));
      response.endHandler(end -> result.tryComplete(new Answer(status, response.headers(), kept, false)));
    }

    /** Keeps the chunk up to one byte past the limit, which tells whether the cut splits a character. */
    private void keep(HttpClientResponse response, Buffer chunk) {
      if (result.future().isComplete()) {
        return;
      }
      kept.appendBuffer(chunk, 0, Math.min(chunk.length(), maxBodyBytes + 1 - kept.length()));
      if (kept.length() > maxBodyBytes) {
        result.tryComplete(new Answer(response.statusCode(), response.headers(),
            ResponseBodies.cut(kept, maxBodyBytes), true));
        request.reset();
      }
    }

    /** Ends the exchange with {@code failure}, resetting the request (and so closing its connection) if it has one. */
    private void abort(Throwable failure) {
      if (result.tryFail(failure) && request != null) {
        request.reset();
      }
    }
  }
}
