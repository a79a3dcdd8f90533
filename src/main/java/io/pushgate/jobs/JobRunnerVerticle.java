package io.pushgate.jobs;

import io.pushgate.aggregate.AdmissionControl;
import io.pushgate.bus.Addresses;
import io.pushgate.bus.BusHeaders;
import io.pushgate.bus.ChunkOutcome;
import io.pushgate.bus.SendCommand;
import io.pushgate.bus.TimeoutLadder;
import io.pushgate.cluster.ClusterView;
import io.pushgate.config.GatewayConfig;
import io.pushgate.config.JobsConfig;
import io.pushgate.config.TargetConfig;
import io.pushgate.observability.TargetStatuses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers job messages: claims them from the {@link JobStore} (under this node's lease on PostgreSQL; by each job's
 * cursor on SQLite, which one process owns), hands them to this node's
 * senders as chunks (the same senders, lanes, retries, signing and message ids as batches; message id
 * {@code <jobId>-<index>}), and writes their outcomes back, one round trip per chunk. One instance per node.
 *
 * <p>What it takes is bounded twice: by {@code jobs.maxInFlight} across jobs, and by admission control, so that jobs
 * take only what synchronous batches leave ({@link AdmissionControl#admitUpTo}). Jobs share that room in turns: each
 * round claims at most {@code jobs.claimBatch} from each active job, starting from a different job each time, so a
 * ten-message job submitted after a million-message one goes out at once.
 *
 * <p>It looks for work when woken ({@link Addresses#JOBS_WAKE} after a commit or cancel on this node, the store's
 * announcement from another node), when room frees up, and every {@code jobs.pollMs}. Every second it also gives back
 * messages whose lease ran out (a node that died), ends messages of expired jobs, tells {@code notify} targets about
 * finished jobs, and refreshes the job gauges; every minute it purges jobs past {@code jobs.retentionHours}.
 *
 * <p>When the store fails, nothing new is claimed and outcomes wait in memory (bounded by what is in flight) and are
 * written again until the store is back; on PostgreSQL the claims' leases keep other nodes off them meanwhile, or, if
 * this node dies, give them back (on SQLite, its restart does). Confined to its event loop.
 */
public final class JobRunnerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunnerVerticle.class);
  /** How often leases are checked, expiries applied, notifications sent and gauges refreshed. */
  static final long MAINTENANCE_MS = 1000;
  static final long PURGE_EVERY_MS = 60_000;
  static final int PURGE_BATCH = 100;
  /** How long before a failed write of outcomes is tried again. */
  static final long STORE_RETRY_MS = 1000;
  /** The time a job chunk may wait in a sender's lane for a connection, on top of its attempts. */
  static final long QUEUE_ALLOWANCE_MS = 30_000;
  /** At most one warning about the store in this many milliseconds. */
  private static final long WARN_EVERY_MS = 30_000;

  private final GatewayConfig config;
  private final JobsConfig jobs;
  private final JobStore store;
  private final AdmissionControl admission;
  private final TargetStatuses statuses;
  private final JobMeters meters;
  private final ClusterView cluster;
  private final Supplier<Future<Void>> gatewayDrain;
  private JobNotifier notifier;
  /**
   * This runner's claims: a restarted node gets a new one, so it never writes over claims it made before (on
   * PostgreSQL; a SQLite store gives back every claim at start-up).
   */
  private final String claimId = UUID.randomUUID().toString();
  private final Promise<Void> drained = Promise.promise();
  /** Chunks in the senders: their outcomes are written as they come, and they are withdrawn when their job stops. */
  private final SentChunks chunks = new SentChunks();
  private int inFlight;
  private int rounds;
  private boolean claiming;
  private boolean claimAgain;
  private boolean maintaining;
  private boolean draining;
  private boolean stopped;
  private long lastPurge;
  private long lastWarning = -WARN_EVERY_MS;
  private final List<Long> timers = new ArrayList<>();

  /**
   * @param admission the node's admission control, shared with the synchronous APIs
   * @param statuses the node's target statuses, which show pending job messages per target
   * @param gatewayDrain the gateway's drain, which {@link #stop()} waits for: it waits in turn for this runner's
   *     {@link #drain()}, so the outcomes of what the senders hold are written before the runner goes
   */
  public JobRunnerVerticle(GatewayConfig config, JobStore store, AdmissionControl admission,
                           TargetStatuses statuses, JobMeters meters, ClusterView cluster,
                           Supplier<Future<Void>> gatewayDrain) {
    this.config = config;
    this.jobs = config.jobs();
    this.store = store;
    this.admission = admission;
    this.statuses = statuses;
    this.meters = meters;
    this.cluster = cluster;
    this.gatewayDrain = gatewayDrain;
  }

  @Override
  public Future<?> start() {
    notifier = new JobNotifier(vertx, config.targets(), store, admission, senderAddress(), this::warn);
    vertx.eventBus().<ChunkOutcome>localConsumer(Addresses.JOBS_OUTCOMES,
        message -> progress(chunks.find(message.headers().get(BusHeaders.CHUNK_ID)), message.body()));
    vertx.eventBus().localConsumer(Addresses.JOBS_WAKE, message -> {
      // A commit or a cancel on this node: the other nodes sharing the store hear of it too.
      store.announceWork().onFailure(failed -> warn("cannot announce work to the other nodes", failed));
      withdrawStopped();
      wake();
    });
    store.onWorkAnnounced(announced -> context.runOnContext(v -> {
      withdrawStopped();
      wake();
    }));
    timers.add(vertx.setPeriodic(jobs.pollMs(), id -> wake()));
    timers.add(vertx.setPeriodic(jobs.leaseMs() / 3, id -> renewLeases()));
    timers.add(vertx.setPeriodic(MAINTENANCE_MS, id -> maintain()));
    lastPurge = System.currentTimeMillis() - PURGE_EVERY_MS;
    wake();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return gatewayDrain.get().onComplete(drained -> {
      stopped = true;
      timers.forEach(vertx::cancelTimer);
    });
  }

  /**
   * Stops claiming, and completes once every outcome of the messages in the senders is written back (those the
   * drain cuts short come back as waiting, to be claimed again). Callable from any thread.
   */
  public Future<Void> drain() {
    context.runOnContext(v -> {
      draining = true;
      completeIfIdle();
    });
    return drained.future();
  }

  /** Looks for work now, or right after the round that runs. */
  private void wake() {
    if (claiming) {
      claimAgain = true;
      return;
    }
    if (draining || stopped || !roomWorthAClaim()) {
      return;
    }
    claiming = true;
    claimAgain = false;
    store.activeJobs().compose(this::claimRound).onComplete(done -> {
      claiming = false;
      completeIfIdle();
      if (done.failed()) {
        warn("cannot claim job messages", done.cause());
      } else if (claimAgain) {
        wake();
      }
    });
  }

  /** Claims from each active job in turn, starting one job further than the last round. */
  private Future<Void> claimRound(List<JobView> active) {
    Future<Void> round = Future.succeededFuture();
    int first = active.isEmpty() ? 0 : Math.floorMod(rounds++, active.size());
    for (int i = 0; i < active.size(); i++) {
      JobView job = active.get((first + i) % active.size());
      round = round.compose(v -> claimFrom(job));
    }
    return round;
  }

  private Future<Void> claimFrom(JobView job) {
    TargetConfig target = config.targets().get(job.target());
    int room = Math.min(jobs.claimBatch(), jobs.maxInFlight() - inFlight);
    if (draining || target == null || !roomWorthAClaim()) {
      return Future.succeededFuture();
    }
    int admitted = admission.admitUpTo(target.name(), room);
    if (admitted == 0) {
      return Future.succeededFuture();
    }
    return store.claim(job.jobId(), claimId, admitted, jobs.leaseMs()).transform(claimed -> {
      int taken = claimed.succeeded() ? claimed.result().size() : 0;
      if (taken < admitted) {
        admission.release(target.name(), admitted - taken);
      }
      if (claimed.failed()) {
        return Future.failedFuture(claimed.cause());
      }
      if (taken == admitted) {
        claimAgain = true;
      }
      if (taken > 0) {
        dispatch(job.jobId(), target, claimed.result());
      }
      return Future.succeededFuture();
    });
  }

  /**
   * Whether enough room is free to claim. Outcomes are written as they come, a few at a time: looking for work each
   * time a few are written would cost store round trips for every few messages. While enough is in flight, wait
   * until a quarter of a claim is free.
   */
  private boolean roomWorthAClaim() {
    int room = Math.min(jobs.claimBatch(), jobs.maxInFlight() - inFlight);
    return room > 0 && (inFlight == 0 || room >= Math.max(1, Math.min(jobs.claimBatch(), jobs.maxInFlight()) / 4));
  }

  /** Sends claimed messages to this node's senders, one chunk per run of consecutive indexes. */
  private void dispatch(String jobId, TargetConfig target, List<ClaimedMessage> claimed) {
    inFlight += claimed.size();
    int start = 0;
    for (int i = 1; i <= claimed.size(); i++) {
      if (i == claimed.size() || claimed.get(i).index() != claimed.get(i - 1).index() + 1) {
        send(jobId, target, claimed.subList(start, i));
        start = i;
      }
    }
  }

  private void send(String jobId, TargetConfig target, List<ClaimedMessage> run) {
    long timeoutMs = chunkTimeoutMs(target);
    SendCommand command = new SendCommand(jobId, target.name(), run.get(0).index(),
        run.stream().map(ClaimedMessage::body).toList(), timeoutMs, null);
    SentChunks.Chunk chunk = chunks.add(jobId, target, run);
    vertx.eventBus().<ChunkOutcome>request(senderAddress(), command, toSenders(jobId, timeoutMs)
            .addHeader(BusHeaders.OUTCOMES_TO, Addresses.JOBS_OUTCOMES).addHeader(BusHeaders.CHUNK_ID, chunk.id))
        .onComplete(reply -> write(jobId, target.name(),
            chunks.finish(chunk, reply.succeeded() ? reply.result().body().outcomes() : null)));
  }

  /**
   * Outcomes a sender sends as they come: written now, so that a crash re-sends only what was on the wire or had
   * just been answered, not a whole chunk.
   */
  private void progress(SentChunks.Chunk chunk, ChunkOutcome outcomes) {
    if (chunk != null) {
      write(chunk.jobId, chunk.target.name(), chunks.takeProgress(chunk, outcomes.outcomes()));
    }
  }

  static DeliveryOptions toSenders(String requestId, long timeoutMs) {
    return new DeliveryOptions().setLocalOnly(true).setSendTimeout(TimeoutLadder.senderWaitMs(timeoutMs))
        .addHeader(BusHeaders.REQUEST_ID, requestId);
  }

  /**
   * Tells the senders to withdraw what they hold of jobs that were cancelled (on any node) or that expired, so that
   * messages not yet on the wire are never sent; they come back as waiting, and the store ends them
   * {@code cancelled} or {@code expired}.
   */
  private void withdrawStopped() {
    for (String jobId : chunks.jobs()) {
      store.find(jobId).onSuccess(job -> {
        if (job.isPresent() && (job.get().status() == JobStatus.CANCELLED || expired(job.get()))) {
          vertx.eventBus().publish(Addresses.SENDER_WITHDRAW, jobId, new DeliveryOptions().setLocalOnly(true));
        }
      });
    }
  }

  /** Writes a chunk's outcomes, again and again while the store fails, then gives its room back. */
  private void write(String jobId, String target, List<MessageResult> results) {
    if (results.isEmpty()) {
      return;
    }
    store.record(jobId, claimId, results).onComplete(written -> {
      if (written.failed()) {
        warn("cannot write the outcomes of " + results.size() + " messages of job " + jobId, written.cause());
        if (!stopped) {
          vertx.setTimer(STORE_RETRY_MS, id -> write(jobId, target, results));
        }
        return;
      }
      countFinished(target, results);
      inFlight -= results.size();
      admission.release(target, results.size());
      completeIfIdle();
      wake();
    });
  }

  private void countFinished(String target, List<MessageResult> results) {
    Map<MessageState, Integer> finished = new EnumMap<>(MessageState.class);
    for (MessageResult result : results) {
      if (result.state().isFinal()) {
        finished.merge(result.state(), 1, Integer::sum);
      }
    }
    finished.forEach((state, count) -> meters.messagesFinished(target, state, count));
  }

  /** Whether the job's expiry has passed, by this node's clock (the store ends its messages by its own). */
  private static boolean expired(JobView job) {
    return job.expiresAt() != null && job.expiresAt() < System.currentTimeMillis();
  }

  /**
   * A job message has no request deadline: the chunk may take every attempt with its timeout and longest backoff,
   * plus time waiting for a connection. A chunk cut at that point comes back as waiting, never lost.
   */
  static long chunkTimeoutMs(TargetConfig target) {
    return (long) target.maxAttempts() * (target.timeoutMs() + target.backoffMaxMs()) + QUEUE_ALLOWANCE_MS;
  }

  private String senderAddress() {
    return cluster.clustered() ? Addresses.senderOn(cluster.selfId()) : Addresses.SENDER_SEND;
  }

  private void renewLeases() {
    if (inFlight > 0) {
      store.renewLeases(claimId, jobs.leaseMs()).onFailure(failed -> warn("cannot renew job leases", failed));
    }
  }

  /** The once-a-second work: leases of dead nodes, expiries, notifications, gauges, and now and then a purge. */
  private void maintain() {
    if (maintaining || stopped) {
      return;
    }
    maintaining = true;
    withdrawStopped();
    store.reclaimExpiredLeases(claimId)
        .compose(reclaimed -> store.expireJobs().map(expired -> reclaimed + expired))
        .onSuccess(changed -> {
          if (changed > 0) {
            wake();
          }
        })
        .compose(v -> draining ? Future.succeededFuture() : notifier.notifyFinishedJobs())
        .compose(v -> store.pendingByTarget())
        .onSuccess(pending -> statuses.all().forEach(status ->
            status.jobsPending(pending.getOrDefault(status.target(), 0L))))
        .compose(v -> store.countByStatus())
        .onSuccess(meters::jobCounts)
        .compose(v -> purgeNowAndThen())
        .onComplete(done -> {
          maintaining = false;
          if (done.failed()) {
            warn("job maintenance failed", done.cause());
          }
        });
  }

  private Future<Void> purgeNowAndThen() {
    long now = System.currentTimeMillis();
    if (now - lastPurge < PURGE_EVERY_MS) {
      return Future.succeededFuture();
    }
    lastPurge = now;
    return store.purge(jobs.retentionHours() * 3_600_000L, PURGE_BATCH).onSuccess(purged -> {
      if (purged > 0) {
        LOG.info("purged {} jobs finished more than {} hours ago", purged, jobs.retentionHours());
      }
    }).mapEmpty();
  }

  private void completeIfIdle() {
    if (draining && inFlight == 0 && !claiming) {
      drained.tryComplete();
    }
  }

  /** Logs store trouble at most every {@link #WARN_EVERY_MS}: an outage must not flood the log. */
  private void warn(String what, Throwable cause) {
    long now = System.currentTimeMillis();
    // Once stopped, the store is closing under what was still running: nothing to warn about.
    if (!stopped && now - lastWarning >= WARN_EVERY_MS) {
      lastWarning = now;
      LOG.warn("{}: {} (jobs wait in the store and go on when it answers)", what, cause.toString());
    }
  }
}
