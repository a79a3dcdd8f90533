package io.pushgate.bench;

import io.vertx.core.http.HttpClientRequest;

/**
 * Writes a job's body into a request as the connection takes it: {@link #MESSAGES_PER_WRITE} messages per write,
 * pausing while the request's write queue is full and resuming on its drain handler, so that at most a few writes'
 * worth of the body is ever in memory, whatever the job's size. Stops writing once an answer arrives (a refusal
 * before the body's end). Confined to the request's context.
 */
final class JobBodyStream {

  /** Messages per write: about 200 KB. */
  static final int MESSAGES_PER_WRITE = 1000;

  private final HttpClientRequest request;
  private final JobFormat format;
  private final long firstSeq;
  private final long total;
  private long written;
  private boolean stopped;

  private JobBodyStream(HttpClientRequest request, JobFormat format, long firstSeq, long total) {
    this.request = request;
    this.format = format;
    this.firstSeq = firstSeq;
    this.total = total;
  }

  /** Starts writing {@code total} messages from {@code firstSeq} on, then ends the request. */
  static void start(HttpClientRequest request, JobFormat format, long firstSeq, long total) {
    JobBodyStream stream = new JobBodyStream(request, format, firstSeq, total);
    request.drainHandler(ignored -> stream.pump());
    request.response().onComplete(ignored -> stream.stopped = true);
    stream.pump();
  }

  private void pump() {
    while (!stopped && written < total && !request.writeQueueFull()) {
      int count = (int) Math.min(MESSAGES_PER_WRITE, total - written);
      request.write(format.piece(firstSeq, total, written, count));
      written += count;
    }
    if (!stopped && written == total) {
      stopped = true;
      request.end();
    }
  }
}
