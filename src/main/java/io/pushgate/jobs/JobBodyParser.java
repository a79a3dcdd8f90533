package io.pushgate.jobs;

import io.vertx.core.buffer.Buffer;

/**
 * Reads a job's body as it arrives, chunk by chunk, and hands each message, as the exact bytes the client sent, to
 * its sink, one at a time: it never holds the whole body nor all its messages. Not thread-safe: one per request,
 * used on the request's event loop.
 */
public interface JobBodyParser {

  /**
   * Reads the next bytes of the body, handing every message they complete to the sink.
   *
   * @throws io.pushgate.bus.GatewayException naming the field at fault ({@code messages[3]}, {@code line 4}, ...)
   */
  void feed(Buffer chunk);

  /**
   * The body has ended: hands the last message, if any, and checks the body is whole.
   *
   * @throws io.pushgate.bus.GatewayException when it is not a complete, valid job body
   */
  void end();

  /** The target, once {@link #end()} returned. */
  String target();

  /** The target told when the job ends, or {@code null}; once {@link #end()} returned. */
  String notifyTarget();

  /** After how long the job's pending messages expire, or {@code null}; once {@link #end()} returned. */
  Long expiresInMs();

  /**
   * The bytes of the message being read, held until it ends and goes to the sink (at most the per-message cap,
   * {@code http.maxBodyBytes}); 0 between messages. What a job upload counts against the node's body budget, with
   * its intake's batch.
   */
  long heldBytes();
}
