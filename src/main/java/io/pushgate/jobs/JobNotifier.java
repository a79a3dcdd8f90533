package io.pushgate.jobs;

import io.pushgate.aggregate.AdmissionControl;
import io.pushgate.bus.ChunkOutcome;
import io.pushgate.bus.SendCommand;
import io.pushgate.bus.SendOutcome;
import io.pushgate.config.TargetConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the {@code notify} target of each finished job: POSTs the job's final JSON through the senders like any
 * message (signed when the target signs, retried), with the message id {@code <jobId>-notify-0}. The store holds each
 * job for this node while it does ({@link JobStore#takeUnnotified}), for as long as a notification may take in the
 * senders; one that the circuit or a shutdown stops is sent again once that hold runs out. Confined to the job
 * runner's event loop.
 */
final class JobNotifier {

  private static final Logger LOG = LoggerFactory.getLogger(JobNotifier.class);
  static final int BATCH = 10;

  private final Vertx vertx;
  private final Map<String, TargetConfig> targets;
  private final JobStore store;
  private final AdmissionControl admission;
  private final String senderAddress;
  private final BiConsumer<String, Throwable> warn;
  /** The longest a notification may take in the senders, and a margin: no other node sends it meanwhile. */
  private final long leaseMs;

  /** @param warn how store trouble is reported (the runner's rate-limited warning) */
  JobNotifier(Vertx vertx, Map<String, TargetConfig> targets, JobStore store, AdmissionControl admission,
              String senderAddress, BiConsumer<String, Throwable> warn) {
    this.vertx = vertx;
    this.targets = targets;
    this.store = store;
    this.admission = admission;
    this.senderAddress = senderAddress;
    this.warn = warn;
    this.leaseMs = targets.values().stream().mapToLong(JobRunnerVerticle::chunkTimeoutMs).max().orElse(0)
        + JobRunnerVerticle.QUEUE_ALLOWANCE_MS;
  }

  /** Takes the finished jobs to tell and sends their notifications; completes once they are sent, not answered. */
  Future<Void> notifyFinishedJobs() {
    return store.takeUnnotified(BATCH, leaseMs).compose(finished -> {
      for (JobView job : finished) {
        TargetConfig target = targets.get(job.notifyTarget());
        if (target == null) {
          LOG.warn("job {} asks to notify target '{}', which is no longer configured", job.jobId(),
              job.notifyTarget());
          store.markNotified(job.jobId()).onFailure(failed -> warn.accept("cannot mark job " + job.jobId()
              + " notified", failed));
        } else if (admission.admitUpTo(target.name(), 1) == 1) {
          send(job, target);
        }
      }
      return Future.succeededFuture();
    });
  }

  private void send(JobView job, TargetConfig target) {
    long timeoutMs = JobRunnerVerticle.chunkTimeoutMs(target);
    SendCommand command = new SendCommand(job.jobId() + "-notify", target.name(), 0,
        List.of(job.toJson().toBuffer()), timeoutMs, null);
    vertx.eventBus().<ChunkOutcome>request(senderAddress, command, JobRunnerVerticle.toSenders(job.jobId(), timeoutMs))
        .onComplete(reply -> {
          admission.release(target.name(), 1);
          SendOutcome outcome = reply.succeeded() ? reply.result().body().outcomes().get(0) : null;
          if (outcome != null && JobOutcomes.isFinal(outcome, target)) {
            store.markNotified(job.jobId()).onFailure(failed -> warn.accept("cannot mark job " + job.jobId()
                + " notified", failed));
          }
        });
  }
}
