package io.pushgate.api;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.jobs.JobIds;
import io.pushgate.jobs.JobIntake;
import io.pushgate.jobs.JobStore;
import io.pushgate.jobs.JobView;
import io.pushgate.observability.Budget;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/jobs/<id>/events}: the job's progress as Server-Sent Events ({@code text/event-stream},
 * {@code Cache-Control: no-cache}, chunked). Every event is a whole snapshot of the job, its JSON on one line:
 * <pre>
 * id: 7
 * event: progress
 * data: {"jobId":"job_...","status":"running","total":10,"delivered":4,...}
 * </pre>
 * One is sent on connect, then one every second while the job runs (the store is polled once a second, and at once
 * when a job is committed or cancelled through this node's API, which publishes {@link Addresses#JOBS_WAKE} to wake
 * the runner; the runner itself announces nothing, so its progress shows at the next tick), plus one whenever the
 * job's JSON changes.
 * When the job is {@code completed} or {@code cancelled}, the last event is named {@code done} instead of
 * {@code progress} (same data, whose status says it is final), and the response ends. A comment line
 * ({@code : keep-alive}) every 15 s keeps proxies from closing a quiet stream. Ids count from 1; a client that
 * reconnects with {@code Last-Event-ID: n} gets ids from {@code n + 1} (every event is a whole snapshot, so nothing
 * needs replaying).
 *
 * <p>A node keeps at most {@link ClientLimits#MAX_EVENT_STREAMS} streams open; past that, {@code 429 overloaded}. A
 * client that reads slowly never piles writes up: a tick is skipped while the response's write queue is full. When
 * the client goes, its timers and consumer go with it.
 */
final class JobEventStream {

  static final long POLL_MS = 1000;
  static final String PROGRESS = "progress";
  static final String DONE = "done";

  private static final Logger LOG = LoggerFactory.getLogger(JobEventStream.class);

  private final Vertx vertx;
  private final JobStore store;
  private final Budget streams;

  JobEventStream(Vertx vertx, JobStore store, Budget streams) {
    this.vertx = vertx;
    this.store = store;
    this.streams = streams;
  }

  void handle(RoutingContext ctx) {
    String jobId = ctx.pathParam("jobId");
    if (!JobIds.plausible(jobId)) {
      ErrorResponses.send(ctx, JobRoutes.notFound(jobId));
      return;
    }
    if (!streams.tryTake(1)) {
      ErrorResponses.send(ctx, new GatewayException(FailureCode.OVERLOADED,
          "too many job event streams are open on this node; try again later"));
      return;
    }
    store.find(jobId).onComplete(found -> {
      if (found.failed() || found.result().isEmpty()) {
        streams.giveBack(1);
        ErrorResponses.send(ctx, found.failed() ? JobIntake.storeFailure("read", jobId, found.cause())
            : JobRoutes.notFound(jobId));
        return;
      }
      new Stream(ctx, jobId, ServerSentEvents.lastEventId(ctx)).open(found.result().get());
    });
  }

  /** One open stream; confined to its request's event loop. */
  private final class Stream {
    final RoutingContext ctx;
    final HttpServerResponse response;
    final String jobId;
    long lastId;
    String lastJson;
    long pollTimer = -1;
    long commentTimer = -1;
    MessageConsumer<Object> wake;
    boolean polling;
    boolean closed;

    Stream(RoutingContext ctx, String jobId, long lastId) {
      this.ctx = ctx;
      this.response = ctx.response();
      this.jobId = jobId;
      this.lastId = lastId;
    }

    void open(JobView job) {
      ctx.put(AccessLog.SUMMARY_KEY, "job=" + jobId + " events");
      ServerSentEvents.start(response);
      response.closeHandler(v -> close());
      if (show(job, true)) {
        return;
      }
      pollTimer = vertx.setPeriodic(POLL_MS, id -> poll(true));
      commentTimer = vertx.setPeriodic(ServerSentEvents.COMMENT_MS, id -> {
        if (!response.writeQueueFull()) {
          response.write(ServerSentEvents.KEEP_ALIVE);
        }
      });
      wake = vertx.eventBus().localConsumer(Addresses.JOBS_WAKE, message -> poll(false));
    }

    /** Reads the job again: on a tick, always sends it; on a wake, only when it changed. */
    void poll(boolean tick) {
      if (closed || polling || response.writeQueueFull()) {
        return;
      }
      polling = true;
      store.find(jobId).onComplete(found -> {
        polling = false;
        if (closed) {
          return;
        }
        if (found.failed()) {
          LOG.debug("job {}: events could not read the job ({}); trying again at the next tick", jobId,
              found.cause().toString());
          return;
        }
        Optional<JobView> job = found.result();
        if (job.isEmpty()) {
          // Purged while followed: nothing more will come.
          response.end();
          close();
          return;
        }
        show(job.get(), tick);
      });
    }

    /** Sends the job when asked or changed; when it is finished, as the last event. Returns whether it was. */
    boolean show(JobView job, boolean always) {
      String json = job.toJson().encode();
      boolean last = job.status().finished();
      if (always || last || !json.equals(lastJson)) {
        lastJson = json;
        lastId++;
        response.write(ServerSentEvents.event(lastId, last ? DONE : PROGRESS, json));
      }
      if (last) {
        response.end();
        close();
      }
      return last;
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (pollTimer >= 0) {
        vertx.cancelTimer(pollTimer);
      }
      if (commentTimer >= 0) {
        vertx.cancelTimer(commentTimer);
      }
      if (wake != null) {
        wake.unregister();
      }
      streams.giveBack(1);
    }
  }
}
