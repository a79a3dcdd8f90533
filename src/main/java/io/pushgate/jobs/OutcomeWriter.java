package io.pushgate.jobs;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Writes job outcomes to the store with at most one write per job at a time: outcomes that come while a job's
 * write runs wait and go together in its next one. Every chunk in the senders reports its progress every few tens of
 * milliseconds; written one report at a time, the store's round trips and syncs, not the senders, would set the
 * pace. Gathered, a busy job's outcomes take one transaction (one sync) for many chunks, while a quiet one's are
 * written at once. Confined to the job runner's event loop.
 */
final class OutcomeWriter {

  /** What the runner does once results are in the store: counts them and gives their room back. */
  interface Written {
    void written(String target, List<MessageResult> results);
  }

  /** What the runner does when a write failed: warns, and tells whether to try again ({@code false} once stopped). */
  interface Failed {
    boolean failed(String jobId, int messages, Throwable cause);
  }

  /** One job's outcomes not written yet, and whether a write of them runs (or waits to be tried again). */
  private static final class Queue {
    final String target;
    List<MessageResult> waiting = new ArrayList<>();
    boolean writing;

    Queue(String target) {
      this.target = target;
    }
  }

  /** Calls {@code retry} back after the store's retry delay. */
  interface RetryTimer {
    void later(Runnable retry);
  }

  private final BiFunction<String, List<MessageResult>, Future<Void>> record;
  private final RetryTimer retry;
  private final Written written;
  private final Failed failed;
  private final Map<String, Queue> byJob = new HashMap<>();

  /**
   * @param record writes one job's results (the store's {@code record} under this node's claim)
   */
  OutcomeWriter(BiFunction<String, List<MessageResult>, Future<Void>> record, RetryTimer retry, Written written,
                Failed failed) {
    this.record = record;
    this.retry = retry;
    this.written = written;
    this.failed = failed;
  }

  /** Writes {@code results} of {@code jobId} now, or with the next write when one of that job's runs. */
  void write(String jobId, String target, List<MessageResult> results) {
    if (results.isEmpty()) {
      return;
    }
    Queue queue = byJob.computeIfAbsent(jobId, id -> new Queue(target));
    queue.waiting.addAll(results);
    if (!queue.writing) {
      flush(jobId, queue);
    }
  }

  private void flush(String jobId, Queue queue) {
    List<MessageResult> batch = queue.waiting;
    queue.waiting = new ArrayList<>();
    queue.writing = true;
    record.apply(jobId, batch).onComplete(done -> {
      if (done.failed()) {
        // Put back in front of what came meanwhile; the next try writes both.
        batch.addAll(queue.waiting);
        queue.waiting = batch;
        if (failed.failed(jobId, batch.size(), done.cause())) {
          retry.later(() -> flush(jobId, queue));
        }
        return;
      }
      queue.writing = false;
      if (queue.waiting.isEmpty()) {
        byJob.remove(jobId);
      } else {
        flush(jobId, queue);
      }
      written.written(queue.target, batch);
    });
  }
}
