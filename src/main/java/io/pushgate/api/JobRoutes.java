package io.pushgate.api;

import com.fasterxml.jackson.core.JsonFactory;
import io.pushgate.bus.BusHeaders;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.PushRequest;
import io.pushgate.config.GatewayConfig;
import io.pushgate.config.TargetKind;
import io.pushgate.jobs.JobBody;
import io.pushgate.jobs.JobBodyParser;
import io.pushgate.jobs.JobIds;
import io.pushgate.jobs.JobIntake;
import io.pushgate.jobs.JobStatus;
import io.pushgate.jobs.JobStore;
import io.pushgate.jobs.JobView;
import io.pushgate.jobs.JsonJobBodyParser;
import io.pushgate.jobs.MessageState;
import io.pushgate.jobs.NdjsonJobBodyParser;
import io.pushgate.observability.GatewayState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The job routes, mounted when {@code jobs.enabled} and {@code http.enabled} are true:
 * <ul>
 *   <li>{@code POST /v1/jobs}: a job, as the {@code /v1/push} JSON body (plus {@code notify} and
 *   {@code expiresInMs}) or as {@code application/x-ndjson} (one message per line; {@code ?target=},
 *   {@code &notify=}, {@code &expiresInMs=}), read as it arrives ({@link JobUpload}); answered {@code 202} with the
 *   job's id and a {@code Location} once every message is stored. {@code Idempotency-Key} (1 to 256 characters)
 *   makes a retry with the same body answer the same job, and one with another body {@code 409}. A node reads at
 *   most {@link ClientLimits#MAX_JOB_UPLOADS} uploads at once, and what they buffer counts against
 *   {@code http.maxBodyBytesInFlight}: past either, {@code 429 overloaded}.</li>
 *   <li>{@code GET /v1/jobs?status=&limit=} (newest first; limit 1-1000, default 100),
 *   {@code GET /v1/jobs/<id>}, {@code GET /v1/jobs/<id>/results?after=&limit=&status=} (limit 1-10000, default
 *   1000; after -1 or more, default -1), {@code GET /v1/jobs/<id>/events} ({@link JobEventStream}) and
 *   {@code DELETE /v1/jobs/<id>} (cancels; answers the job).</li>
 * </ul>
 * A store that cannot be reached is {@code 503 store_unavailable}; an unknown job {@code 404 not_found}.
 */
final class JobRoutes {

  static final String NDJSON = "application/x-ndjson";
  static final int DEFAULT_LIST_LIMIT = 100;
  static final int MAX_LIST_LIMIT = 1000;
  static final int DEFAULT_RESULTS_LIMIT = 1000;
  static final int MAX_RESULTS_LIMIT = 10_000;
  /**
   * About the most bytes of target answers one results page holds: a page is cut shorter, its {@code next} set,
   * when {@code limit} results of {@code push.maxResponseBytes} each would hold more.
   */
  static final long MAX_PAGE_RESPONSE_BYTES = 8L * 1024 * 1024;

  private static final String JSON = "application/json";

  private final Vertx vertx;
  private final JobStore store;
  private final GatewayState state;
  private final ClientLimits limits;
  private final Map<String, TargetKind> targets;
  private final int maxMessages;
  private final int maxMessageBytes;
  private final long readTimeoutMs;
  private final JsonFactory json;
  private final JobIds ids = new JobIds();
  private final JobEventStream events;
  /** The most results a page holds, whatever {@code limit} asks: see {@link #MAX_PAGE_RESPONSE_BYTES}. */
  private final int maxPageResults;

  JobRoutes(Vertx vertx, GatewayConfig config, JobStore store, GatewayState state, ClientLimits limits) {
    this.vertx = vertx;
    this.store = store;
    this.state = state;
    this.limits = limits;
    this.targets = JobBody.kinds(config.targets());
    this.maxMessages = config.jobs().maxMessages();
    this.maxMessageBytes = config.http().maxBodyBytes();
    this.readTimeoutMs = config.http().requestReadTimeoutMs();
    this.json = JsonJobBodyParser.factory(maxMessageBytes);
    this.events = new JobEventStream(vertx, store, limits.eventStreams);
    this.maxPageResults = (int) Math.max(1, Math.min(MAX_RESULTS_LIMIT,
        MAX_PAGE_RESPONSE_BYTES / Math.max(1, config.push().maxResponseBytes())));
  }

  void mount(Router router) {
    router.post("/v1/jobs").handler(this::submit);
    router.get("/v1/jobs").handler(this::list);
    router.get("/v1/jobs/:jobId").handler(this::get);
    router.delete("/v1/jobs/:jobId").handler(this::cancel);
    router.get("/v1/jobs/:jobId/results").handler(this::results);
    router.get("/v1/jobs/:jobId/events").handler(events::handle);
  }

  /** Answers {@code 202} with the accepted job and its {@code Location}. */
  static void accepted(RoutingContext ctx, JobView job, boolean created) {
    ctx.put(AccessLog.SUMMARY_KEY, "job=" + job.jobId() + " total=" + job.total() + (created ? "" : " retry"));
    ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.LOCATION, "/v1/jobs/" + job.jobId())
        .end(job.acceptedJson().toBuffer());
  }

  private void submit(RoutingContext ctx) {
    // Vert.x Web does not pause a request: its body would be dropped while the store opens the intake.
    ctx.request().pause();
    Function<Consumer<Buffer>, JobBodyParser> parsers;
    String target = null;
    String prefix = null;
    try {
      if (state.draining()) {
        throw new GatewayException(FailureCode.DRAINING, "the gateway is shutting down; try another node");
      }
      String key = ctx.request().getHeader(BusHeaders.IDEMPOTENCY_KEY);
      JobIntake.checkIdempotencyKey(key);
      String type = mediaType(ctx);
      if (JSON.equals(type)) {
        parsers = sink -> new JsonJobBodyParser(json, targets, maxMessages, maxMessageBytes, sink);
      } else if (NDJSON.equals(type)) {
        String name = JobBody.knownTarget(targets, JobBody.FIELD_TARGET,
            Optional.ofNullable(ctx.queryParams().get(JobBody.FIELD_TARGET)).orElse(PushRequest.DEFAULT_TARGET));
        String notifyParam = ctx.queryParams().get(JobBody.FIELD_NOTIFY);
        String notify = notifyParam == null ? null : JobBody.notifyTarget(targets, notifyParam);
        Long expiresInMs = JobBody.expiresInFromText(ctx.queryParams().get(JobBody.FIELD_EXPIRES_IN_MS));
        target = name;
        // The query's settings are part of what a retry must repeat.
        prefix = "target=" + name + "\nnotify=" + notify + "\nexpiresInMs=" + expiresInMs + "\n";
        parsers = sink -> new NdjsonJobBodyParser(json, maxMessages, maxMessageBytes, name, notify, expiresInMs,
            sink);
      } else {
        throw new GatewayException(FailureCode.UNSUPPORTED_MEDIA_TYPE,
            "a job's body must be sent as application/json or application/x-ndjson");
      }
      if (!limits.jobUploads.tryTake(1)) {
        throw BodyReader.overloaded("too many job uploads are being read");
      }
      String hashPrefix = prefix;
      ReadTimeouts.takeOver(ctx);
      // The upload slot is the JobUpload's to give back from here, or ours when there is none.
      JobIntake.open(store, ids.next(), target, key).onComplete(opened -> {
        if (opened.failed()) {
          limits.jobUploads.giveBack(1);
          ErrorResponses.sendAndClose(ctx, GatewayException.from(opened.cause()));
          return;
        }
        if (hashPrefix != null) {
          opened.result().digest(Buffer.buffer(hashPrefix));
        }
        new JobUpload(vertx, limits, ctx, opened.result(), parsers, readTimeoutMs, state).start();
      });
    } catch (GatewayException refused) {
      // Before the body is read: it never will be.
      ErrorResponses.sendAndClose(ctx, refused);
    }
  }

  private void get(RoutingContext ctx) {
    String jobId = ctx.pathParam("jobId");
    answer(ctx, JobIds.plausible(jobId) ? store.find(jobId) : Future.succeededFuture(Optional.empty()),
        JobView::toJson, jobId);
  }

  private void cancel(RoutingContext ctx) {
    String jobId = ctx.pathParam("jobId");
    Future<Optional<JobView>> cancelled = JobIds.plausible(jobId) ? store.cancel(jobId)
        : Future.succeededFuture(Optional.empty());
    answer(ctx, cancelled.onSuccess(found -> found.ifPresent(job -> JobIntake.wakeRunners(vertx))),
        JobView::toJson, jobId);
  }

  private void results(RoutingContext ctx) {
    String jobId = ctx.pathParam("jobId");
    try {
      int after = intParam(ctx, "after", -1, -1, Integer.MAX_VALUE);
      int limit = intParam(ctx, "limit", DEFAULT_RESULTS_LIMIT, 1, MAX_RESULTS_LIMIT);
      String status = ctx.queryParams().get("status");
      if (status != null && MessageState.parseResultStatus(status).isEmpty()) {
        throw GatewayException.invalid("status", "status must be one of pending, delivered, failed, cancelled");
      }
      int rows = Math.min(limit, maxPageResults);
      answer(ctx, JobIds.plausible(jobId) ? store.results(jobId, after, rows, status)
          : Future.succeededFuture(Optional.empty()), page -> page.toJson(), jobId);
    } catch (GatewayException refused) {
      ErrorResponses.send(ctx, refused);
    }
  }

  private void list(RoutingContext ctx) {
    try {
      int limit = intParam(ctx, "limit", DEFAULT_LIST_LIMIT, 1, MAX_LIST_LIMIT);
      String statusParam = ctx.queryParams().get("status");
      JobStatus status = statusParam == null ? null : JobStatus.parse(statusParam).orElseThrow(() ->
          GatewayException.invalid("status", "status must be one of queued, running, completed, cancelled"));
      store.list(status, limit).onComplete(listed -> {
        if (listed.failed()) {
          ErrorResponses.send(ctx, JobIntake.storeFailure("list", "-", listed.cause()));
          return;
        }
        JsonArray jobs = new JsonArray();
        listed.result().forEach(job -> jobs.add(job.toJson()));
        ok(ctx, new JsonObject().put("jobs", jobs));
      });
    } catch (GatewayException refused) {
      ErrorResponses.send(ctx, refused);
    }
  }

  private static <T> void answer(RoutingContext ctx, Future<Optional<T>> found, Function<T, JsonObject> json,
                                 String jobId) {
    found.onComplete(result -> {
      if (result.failed()) {
        ErrorResponses.send(ctx, JobIntake.storeFailure("read", jobId, result.cause()));
      } else if (result.result().isEmpty()) {
        ErrorResponses.send(ctx, notFound(jobId));
      } else {
        ok(ctx, json.apply(result.result().get()));
      }
    });
  }

  static GatewayException notFound(String jobId) {
    return new GatewayException(FailureCode.NOT_FOUND, "no job '" + jobId + "'");
  }

  private static void ok(RoutingContext ctx, JsonObject body) {
    ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.toBuffer());
  }

  /** The integer query parameter {@code name}, {@code fallback} when absent, else {@code 400} naming it. */
  private static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String text = ctx.queryParams().get(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Falls through to the error.
    }
    throw GatewayException.invalid(name, name + " must be an integer from " + min + " to " + max);
  }

  /** The request's media type, lower case, without parameters; {@code null} when it has none. */
  private static String mediaType(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (header == null) {
      return null;
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }
}
