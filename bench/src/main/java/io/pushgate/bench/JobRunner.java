package io.pushgate.bench;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the job benchmark's measurements from the load generator's main thread, one at a time: a job (submitted,
 * then polled until it completes, so that no job's delivery overlaps the next measurement) or the batch-1000 load.
 * Every wait is bounded; a job that is not accepted or does not complete in time ends the run
 * ({@link IllegalStateException}), since whatever came after it would overlap its delivery.
 */
final class JobRunner {

  /** The shortest time between two status reads of a job. */
  static final long POLL_MS = 200;
  /** Fixed part of the bound on a job's intake and on its delivery; each also gets {@link #BOUND_MESSAGES_PER_S}. */
  private static final long BOUND_BASE_MS = 60_000;
  private static final long BOUND_MESSAGES_PER_S = 2_000;
  private static final long STATUS_TIMEOUT_S = 10;
  /** How long the processes are watched at a time, waiting for them to fall quiet before a measurement. */
  private static final long SETTLE_STEP_MS = 1000;
  /** A quiet step: the gateways and the PostgreSQL server together used less than this share of one core. */
  private static final double QUIET_CORES = 0.05;
  /**
   * Quiet steps in a row that count as quiet: autovacuum rests between tables, and a single quiet second can fall
   * in such a rest.
   */
  private static final int QUIET_STEPS = 3;
  /** The longest wait for quiet; a measurement then starts anyway, and the wait is reported. */
  private static final long SETTLE_MAX_MS = 120_000;

  private final JobSettings settings;
  private final JobClientVerticle client;
  private final GatewayLoadVerticle batches;
  private final SinkCounter sink;
  private long nextSeq;

  JobRunner(JobSettings settings, JobClientVerticle client, GatewayLoadVerticle batches, SinkCounter sink) {
    this.settings = settings;
    this.client = client;
    this.batches = batches;
    this.sink = sink;
  }

  /** {@code messages} messages as batches of 1000, 4 in flight, to the SQLite gateway's {@code POST /v1/push}. */
  JobRun batch1000(int round, long messages) {
    JobGateway gateway = settings.sqlite();
    settle("batch-1000");
    long firstSeq = take(messages);
    long sinkBefore = sink.received();
    long cpuBefore = gateway.gatewayCpuMicros();
    Measurement m = batches.batches(gateway.port(), messages, LoadSettings.BIG_BATCH, 4, firstSeq).await();
    long cpu = gateway.gatewayCpuMicros() - cpuBefore;
    long sinkDelta = sink.received() - sinkBefore;
    return new JobRun(JobRow.batch1000(messages), round, m.elapsedNanos(),
        m.errors() + Math.abs(sinkDelta - messages), perMessage(cpu, messages), Double.NaN,
        gateway.jvm().peakRssMb());
  }

  /** One job of {@code messages} messages: its intake (a job-accept run) and its delivery (a job run). */
  List<JobRun> job(int round, JobGateway gateway, JobFormat format, long messages) {
    settle(gateway.store().label + " " + format.label + " job");
    long firstSeq = take(messages);
    long bound = BOUND_BASE_MS + messages * 1000 / BOUND_MESSAGES_PER_S;
    long sinkBefore = sink.received();
    long gatewayBefore = gateway.gatewayCpuMicros();
    long storeBefore = gateway.storeCpuMicros();

    JobClientVerticle.Answer answer = client.submit(gateway.port(), format, firstSeq, messages, bound).await();
    long gatewayAccepted = gateway.gatewayCpuMicros();
    long storeAccepted = gateway.storeCpuMicros();
    double rssAccepted = gateway.jvm().peakRssMb();
    String jobId = accepted(answer, messages, gateway, format);

    JsonObject job = awaitCompletion(gateway, jobId, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(bound));
    long completedNanos = System.nanoTime();
    long gatewayDone = gateway.gatewayCpuMicros();
    long storeDone = gateway.storeCpuMicros();
    long sinkDelta = sink.received() - sinkBefore;
    int delivered = job.getInteger("delivered", 0);
    long errors = (messages - delivered) + Math.abs(sinkDelta - messages);
    System.err.println(String.format(Locale.ROOT, "  job %s: %s; sink got %,d; store clock created→started %s s, "
        + "started→finished %s s", jobId, job.encode(), sinkDelta, seconds(job, "createdAt", "startedAt"),
        seconds(job, "startedAt", "finishedAt")));

    boolean sqlite = gateway.server() == null;
    JobRun accept = new JobRun(new JobRow(JobRow.Kind.JOB_ACCEPT, gateway.store(), format, messages), round,
        answer.elapsedNanos(), 0, perMessage(gatewayAccepted - gatewayBefore, messages),
        sqlite ? Double.NaN : perMessage(storeAccepted - storeBefore, messages), rssAccepted);
    JobRun delivery = new JobRun(new JobRow(JobRow.Kind.JOB, gateway.store(), format, messages), round,
        completedNanos - answer.answeredNanos(), errors, perMessage(gatewayDone - gatewayAccepted, messages),
        sqlite ? Double.NaN : perMessage(storeDone - storeAccepted, messages), gateway.jvm().peakRssMb());
    return List.of(accept, delivery);
  }

  /** The job id of a 202 whose body shows the job queued with all its messages; else the run is broken. */
  private static String accepted(JobClientVerticle.Answer answer, long messages, JobGateway gateway,
                                 JobFormat format) {
    String body = answer.body().toString();
    if (answer.status() != 202) {
      throw new IllegalStateException("POST /v1/jobs (" + gateway.store().label + ", " + format.label + ", "
          + messages + " messages) answered " + answer.status() + ": " + abbreviate(body));
    }
    JsonObject json = new JsonObject(body);
    if (!"queued".equals(json.getString("status")) || json.getLong("total", -1L) != messages
        || json.getString("jobId") == null) {
      throw new IllegalStateException("POST /v1/jobs answered 202 with an unexpected body: " + abbreviate(body));
    }
    return json.getString("jobId");
  }

  /** Reads the job at most every {@link #POLL_MS} until it is completed (or cancelled); bounded by {@code deadline}. */
  private JsonObject awaitCompletion(JobGateway gateway, String jobId, long deadline) {
    while (true) {
      JobClientVerticle.Answer answer;
      try {
        answer = client.get(gateway.port(), "/v1/jobs/" + jobId).await(STATUS_TIMEOUT_S, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("GET /v1/jobs/" + jobId + " gave no answer in " + STATUS_TIMEOUT_S + " s");
      }
      if (answer.status() != 200) {
        throw new IllegalStateException("GET /v1/jobs/" + jobId + " answered " + answer.status() + ": "
            + abbreviate(answer.body().toString()));
      }
      JsonObject job = answer.body().toJsonObject();
      String status = job.getString("status");
      if ("completed".equals(status) || "cancelled".equals(status)) {
        return job;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("job " + jobId + " did not complete in time: " + job.encode());
      }
      pause(POLL_MS, "job " + jobId);
    }
  }

  /**
   * Waits until the gateways and the PostgreSQL server have fallen quiet, so that no measurement runs in the wake of
   * the one before: PostgreSQL's autovacuum of a million-message job, for one, goes on for tens of seconds after the
   * job completes, on the same cores. A wait longer than the quiet steps themselves is reported, with the CPU the
   * processes spent meanwhile.
   */
  private void settle(String next) {
    long start = System.nanoTime();
    long before = observedCpuMicros();
    long last = before;
    int steps = 0;
    int quietSteps = 0;
    while (true) {
      pause(SETTLE_STEP_MS, "the processes to fall quiet");
      steps++;
      long now = observedCpuMicros();
      quietSteps = now - last < QUIET_CORES * SETTLE_STEP_MS * 1000 ? quietSteps + 1 : 0;
      boolean quiet = quietSteps == QUIET_STEPS;
      long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (quiet || waitedMs >= SETTLE_MAX_MS) {
        if (steps > QUIET_STEPS || !quiet) {
          System.err.println(String.format(Locale.ROOT, "  before %s: %s after %.1f s, the gateways and the store "
              + "having used %.1f s of CPU meanwhile", next, quiet ? "quiet" : "still busy", waitedMs / 1000.0,
              (now - before) / 1e6));
        }
        return;
      }
      last = now;
    }
  }

  /** The CPU the gateway JVMs and the PostgreSQL server have used so far, in microseconds. */
  private long observedCpuMicros() {
    long cpu = 0;
    for (JobGateway gateway : settings.gateways()) {
      cpu += gateway.gatewayCpuMicros() + gateway.storeCpuMicros();
    }
    return cpu;
  }

  private static void pause(long ms, String waitingFor) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + waitingFor, e);
    }
  }

  private long take(long messages) {
    long first = nextSeq;
    nextSeq += messages;
    return first;
  }

  private static String seconds(JsonObject job, String from, String to) {
    String start = job.getString(from);
    String end = job.getString(to);
    if (start == null || end == null) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.2f",
        Duration.between(Instant.parse(start), Instant.parse(end)).toMillis() / 1000.0);
  }

  private static double perMessage(long cpuMicros, long messages) {
    return (double) cpuMicros / messages;
  }

  private static String abbreviate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }
}
