package io.pushgate.aggregate;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.BusHeaders;
import io.pushgate.bus.ChunkOutcome;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.PushRequest;
import io.pushgate.bus.SendCommand;
import io.pushgate.bus.SendOutcome;
import io.pushgate.bus.TimeoutLadder;
import io.pushgate.config.GatewayConfig;
import io.pushgate.config.PushConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.Set;

/**
 * Runs one relayed message ({@code POST /v1/push/:target}) without the aggregator: admitted as a batch of one, sent
 * as a chunk of one to the sender on the caller's own event loop when there is one, so that the request, the
 * attempt and the answer never change threads, and answered with that message's outcome. A batch's state, chunks,
 * backstop and resends exist to spread many messages over many senders; one message needs none of them, and paid
 * for them with two more bus hops, three more threads and two more timers per call.
 *
 * <p>The time limits are the batch's ({@link TimeoutLadder}): the sender answers by the deadline, and the bus
 * request waits {@link TimeoutLadder#senderWaitMs} for it, after which the message is a {@code timeout}. At
 * shutdown the sender answers for it when the drain's time is up, as for any chunk of its node's.
 *
 * <p>On a single node only. On a cluster a relayed message stays a batch of one, whose chunk the aggregator sends to
 * the live members in turn, so that nodes that only send share the relays too.
 *
 * <p>All the relays of one HTTP connection go through the sender of that connection's event loop: at most
 * {@code senders.maxConnectionsPerTarget} of them at a time per target, the rest queued in that sender. A client
 * that keeps many calls in flight should spread them over several connections, as HTTP/1.1 clients do anyway.
 * Confined to the event loop of the HTTP API instance that owns it.
 */
public final class RelayDispatch {

  private final Vertx vertx;
  private final PushConfig push;
  private final Set<String> targets;
  private final AdmissionControl admission;
  /** The sender on this event loop, until it turns out there is none; then any sender of the node. */
  private String sender;

  /**
   * Made on the event loop of the HTTP API instance that will use it, on a single node.
   *
   * @param admission the node's admission control, which the aggregators share
   */
  public RelayDispatch(Vertx vertx, GatewayConfig config, AdmissionControl admission) {
    this.vertx = vertx;
    this.push = config.push();
    this.targets = Set.copyOf(config.targets().keySet());
    this.admission = admission;
    this.sender = Addresses.senderOnLoop(Thread.currentThread().getName());
  }

  /**
   * Sends the request's one message and completes with its outcome, or fails with a {@link GatewayException}
   * ({@link FailureCode#UNKNOWN_TARGET}, {@link FailureCode#OVERLOADED}, {@link FailureCode#DRAINING},
   * {@link FailureCode#UNAVAILABLE} when no sender is deployed).
   */
  public Future<SendOutcome> send(PushRequest request) {
    if (!targets.contains(request.target())) {
      return Future.failedFuture(GatewayException.unknownTarget(request.target(), "target"));
    }
    try {
      admission.admit(request.target(), 1);
    } catch (GatewayException refused) {
      return Future.failedFuture(refused);
    }
    SendCommand command = new SendCommand(request.requestId(), request.target(), 0, request.messages(),
        push.deadlineMs(request.timeoutMs()), null);
    Future<SendOutcome> outcome;
    try {
      outcome = send(command, System.nanoTime());
    } catch (RuntimeException e) {
      // The bus refused the message outright (no codec, say): its slot is given back all the same.
      outcome = Future.failedFuture(e);
    }
    return outcome.andThen(done -> admission.release(request.target(), 1));
  }

  private Future<SendOutcome> send(SendCommand command, long startNanos) {
    String address = sender;
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true)
        .setSendTimeout(TimeoutLadder.senderWaitMs(command.timeoutMs()))
        .addHeader(BusHeaders.REQUEST_ID, command.requestId());
    return vertx.eventBus().<ChunkOutcome>request(address, command, options).transform(reply -> {
      if (reply.succeeded()) {
        return Future.succeededFuture(reply.result().body().outcomes().get(0));
      }
      ReplyFailure type = reply.cause() instanceof ReplyException failure ? failure.failureType() : ReplyFailure.ERROR;
      if (type == ReplyFailure.NO_HANDLERS && !address.equals(Addresses.SENDER_SEND)) {
        // senders.instances is below the number of event loops: this one has none, and will not get one.
        sender = Addresses.SENDER_SEND;
        return send(command, startNanos);
      }
      if (type == ReplyFailure.TIMEOUT) {
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
        return Future.succeededFuture(BatchState.senderMissedDeadline(0, elapsedMs));
      }
      if (type == ReplyFailure.NO_HANDLERS) {
        return Future.failedFuture(BatchState.noSender());
      }
      return Future.failedFuture(GatewayException.from(reply.cause()));
    });
  }
}
