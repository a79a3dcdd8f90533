package io.pushgate.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job meters, under Prometheus names:
 * <ul>
 *   <li>{@code pushgate_jobs{status}}: jobs in the store by status, read from the store every few seconds</li>
 *   <li>{@code pushgate_job_messages_total{target,status}}: job messages by final status ({@code delivered},
 *       {@code failed}) written by this node</li>
 *   <li>{@code pushgate_job_store_seconds{operation,outcome}}: histogram of store operations</li>
 * </ul>
 * Messages pending per target are a {@link io.pushgate.observability.TargetStatus} gauge, beside the target's other
 * numbers. Thread-safe.
 */
public final class JobMeters {

  /** The longest a store operation may take before its caller is told the store is unavailable. */
  static final long STORE_TIMEOUT_MS = 30_000;

  private final MeterRegistry registry;
  private final Map<JobStatus, AtomicLong> jobs = new EnumMap<>(JobStatus.class);
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Map<String, Counter> messages = new ConcurrentHashMap<>();

  public JobMeters(MeterRegistry registry) {
    this.registry = registry;
    for (JobStatus status : JobStatus.values()) {
      if (status != JobStatus.RECEIVING) {
        AtomicLong count = new AtomicLong();
        jobs.put(status, count);
        Gauge.builder("pushgate.jobs", count, AtomicLong::get).description("Jobs in the store by status")
            .tags("status", status.json()).register(registry);
      }
    }
  }

  /** The store's latest count of jobs per status. */
  void jobCounts(Map<JobStatus, Long> counts) {
    counts.forEach((status, count) -> {
      AtomicLong gauge = jobs.get(status);
      if (gauge != null) {
        gauge.set(count);
      }
    });
  }

  /** {@code count} messages of {@code target} reached the final {@code state}. */
  void messagesFinished(String target, MessageState state, long count) {
    messages.computeIfAbsent(target + '\n' + state.json(), key -> Counter.builder("pushgate.job.messages")
        .description("Job messages by final status").tags("target", target, "status", state.json())
        .register(registry)).increment(count);
  }

  /**
   * Times {@code operation}'s future into the store histogram, and fails it with {@link StoreUnavailableException}
   * after {@link #STORE_TIMEOUT_MS}: a store that stops answering without closing its connections must not hold a
   * caller (the runner, an upload, an event stream) for ever.
   */
  <T> Future<T> timed(String operation, Future<T> future) {
    long start = System.nanoTime();
    return future.timeout(STORE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .recover(failed -> Future.failedFuture(failed instanceof TimeoutException
            ? new StoreUnavailableException("job store: " + operation + " got no answer within " + STORE_TIMEOUT_MS
                + " ms", failed) : failed))
        .andThen(done -> timer(operation, done.succeeded() ? "ok" : "failed")
            .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
  }

  private Timer timer(String operation, String outcome) {
    return timers.computeIfAbsent(operation + '\n' + outcome, key -> Timer.builder("pushgate.job.store")
        .description("Job store operations").tags("operation", operation, "outcome", outcome)
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
  }
}
