package io.pushgate.sender;

import io.pushgate.bus.BusHeaders;
import io.pushgate.bus.ChunkOutcome;
import io.pushgate.bus.SendCommand;
import io.pushgate.bus.SendOutcome;
import io.pushgate.observability.GatewayMetrics;
import io.pushgate.observability.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The delivery of one {@link SendCommand}: collects one outcome per message and completes when all have one or when
 * the chunk's time is up, whichever comes first, or when the gateway {@link #cut() cuts} it at shutdown. Then it is closed: results still arriving are dropped, pending
 * retries are cancelled and queued messages are withdrawn, so nothing of the chunk outlives its answer but the
 * attempts already on the wire (each bounded by the remaining time). Confined to the sender's event loop.
 */
final class ChunkDelivery {

  private final Vertx vertx;
  private final SendCommand command;
  private final TargetLane lane;
  private final GatewayMetrics metrics;
  private final String node;
  private final MessageDelivery[] deliveries;
  /** Its messages waiting for a connection: its line in the lane's queue. */
  final RoundRobinQueue.Line<MessageDelivery> waiting;
  private final SendOutcome[] outcomes;
  private final Promise<ChunkOutcome> done = Promise.promise();
  private final long deadlineNanos;
  private int remaining;
  private long deadlineTimer;
  private boolean closed;
  /** Set once its messages are withdrawn: what is on the wire finishes, nothing is sent again. */
  private boolean withdrawn;

  /** Where outcomes go as they come ({@link BusHeaders#OUTCOMES_TO}), or {@code null}. */
  private final String progressTo;
  /** The caller's id for the chunk ({@link BusHeaders#CHUNK_ID}), put on what goes to {@link #progressTo}. */
  private final String chunkId;
  /** Outcomes not yet sent to {@link #progressTo}. */
  private List<SendOutcome> unsent = new ArrayList<>();
  private long progressTimer = MessageDelivery.NO_TIMER;

  /**
   * @param node this node's name on a cluster, for the outcome; {@code null} on a single node
   * @param progressTo the local address to send outcomes to as they come, or {@code null} for the reply only
   * @param chunkId the caller's id for the chunk, sent with those outcomes, or {@code null}
   */
  ChunkDelivery(Vertx vertx, SendCommand command, TargetLane lane, GatewayMetrics metrics, String node,
                String progressTo, String chunkId) {
    this.progressTo = progressTo;
    this.chunkId = chunkId;
    this.vertx = vertx;
    this.command = command;
    this.lane = lane;
    this.metrics = metrics;
    this.node = node;
    int size = command.messages().size();
    this.deliveries = new MessageDelivery[size];
    this.outcomes = new SendOutcome[size];
    this.waiting = new RoundRobinQueue.Line<>(size);
    this.remaining = size;
    this.deadlineNanos = System.nanoTime() + command.timeoutMs() * 1_000_000;
  }

  /**
   * Starts every message and returns the chunk's outcome, which never fails; when the gateway's drain time is up
   * already ({@code shuttingDown}), sends nothing and answers at once, every message {@code unavailable}.
   */
  Future<ChunkOutcome> start(boolean shuttingDown) {
    deadlineTimer = vertx.setTimer(command.timeoutMs(), id -> expire());
    if (progressTo != null) {
      progressTimer = vertx.setPeriodic(BusHeaders.PROGRESS_EVERY_MS, id -> sendProgress());
    }
    long now = System.nanoTime();
    for (int i = 0; i < deliveries.length; i++) {
      int index = command.firstIndex() + i;
      deliveries[i] = new MessageDelivery(this, index, command.messages().get(i),
          RequestIds.messageId(command.requestId(), index), now);
      lane.status().started();
    }
    if (shuttingDown) {
      cut();
      return done.future();
    }
    for (MessageDelivery delivery : deliveries) {
      lane.submit(delivery);
    }
    return done.future();
  }

  String requestId() {
    return command.requestId();
  }

  boolean closed() {
    return closed;
  }

  /** Milliseconds until the chunk must answer; 0 or less once it is due. */
  long remainingMs() {
    return (deadlineNanos - System.nanoTime()) / 1_000_000;
  }

  /** Whether its messages were withdrawn: an attempt that ends is its message's last. */
  boolean withdrawn() {
    return withdrawn;
  }

  /**
   * Withdraws the messages not on the wire (queued, or waiting for a retry): they end at once, {@code unavailable},
   * and those on the wire finish with no retry. For a cancelled job.
   */
  void withdrawUnsent() {
    if (closed) {
      return;
    }
    withdrawn = true;
    lane.withdraw(this);
    for (int i = 0; i < outcomes.length; i++) {
      MessageDelivery delivery = deliveries[i];
      if (outcomes[i] == null && !delivery.onWire) {
        if (delivery.retryTimer != MessageDelivery.NO_TIMER) {
          vertx.cancelTimer(delivery.retryTimer);
          delivery.retryTimer = MessageDelivery.NO_TIMER;
        }
        complete(delivery, delivery.withdrawnOutcome());
      }
    }
  }

  /** Records the final outcome of one message. */
  void complete(MessageDelivery delivery, SendOutcome outcome) {
    int slot = delivery.index - command.firstIndex();
    if (closed || outcomes[slot] != null) {
      return;
    }
    record(slot, outcome);
    if (--remaining == 0) {
      vertx.cancelTimer(deadlineTimer);
      close();
    }
  }

  private void expire() {
    finish(MessageDelivery::deadlineOutcome);
  }

  /**
   * Answers now because the gateway is shutting down and its drain time is up: every message without an outcome
   * becomes {@code unavailable}, saying whether it was on the wire, waiting for a retry or never sent.
   */
  void cut() {
    finish(MessageDelivery::shutdownOutcome);
  }

  /** Gives every message still without an outcome the one {@code outcome} makes for it, and answers. */
  private void finish(Function<MessageDelivery, SendOutcome> outcome) {
    if (closed) {
      return;
    }
    for (int i = 0; i < outcomes.length; i++) {
      if (outcomes[i] == null) {
        record(i, outcome.apply(deliveries[i]));
      }
    }
    vertx.cancelTimer(deadlineTimer);
    close();
  }

  private void record(int slot, SendOutcome outcome) {
    outcomes[slot] = outcome;
    if (progressTo != null) {
      unsent.add(outcome);
    }
    lane.status().completed(outcome.status());
    metrics.messageCompleted(command.target(), outcome.status(), deliveries[slot].latencyNanos());
    if (outcome.tokenInvalid()) {
      metrics.tokenInvalid(command.target());
    }
  }

  /** Sends the outcomes that came since the last time; the reply will hold them again, with the rest. */
  private void sendProgress() {
    if (unsent.isEmpty()) {
      return;
    }
    ChunkOutcome progress = new ChunkOutcome(node, unsent);
    unsent = new ArrayList<>();
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true)
        .addHeader(BusHeaders.REQUEST_ID, command.requestId());
    if (chunkId != null) {
      options.addHeader(BusHeaders.CHUNK_ID, chunkId);
    }
    vertx.eventBus().send(progressTo, progress, options);
  }

  private void close() {
    closed = true;
    if (progressTimer != MessageDelivery.NO_TIMER) {
      vertx.cancelTimer(progressTimer);
    }
    for (MessageDelivery delivery : deliveries) {
      if (delivery.retryTimer != MessageDelivery.NO_TIMER) {
        vertx.cancelTimer(delivery.retryTimer);
      }
    }
    lane.withdraw(this);
    done.complete(new ChunkOutcome(node, Arrays.asList(outcomes)));
  }
}
