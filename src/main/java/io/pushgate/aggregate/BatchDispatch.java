package io.pushgate.aggregate;

import io.pushgate.aggregate.BatchState.Loss;
import io.pushgate.bus.BusHeaders;
import io.pushgate.bus.ChunkOutcome;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.PushRequest;
import io.pushgate.bus.SendCommand;
import io.pushgate.bus.TimeoutLadder;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sends the chunks of one batch to senders and sends a chunk again, to another node, when the one holding it cannot
 * answer: it had no sender ({@code NO_HANDLERS}), it refused because it is draining, or Hazelcast removed it from the
 * cluster ({@link #nodeLeft}). A resent chunk keeps its message ids, so delivery across a crash is at least once. A
 * chunk whose bus request timed out is past the deadline: its messages are {@code timeout}. Confined to the
 * aggregator's event loop. A chunk that no node is left to take, with time to spare, fails as {@code unavailable}.
 */
final class BatchDispatch {

  private final Vertx vertx;
  private final PushRequest request;
  private final BatchState state;
  private final SenderRoutes routes;
  private final String origin;
  private final long deadlineNanos;
  private final List<Chunk> chunks = new ArrayList<>();

  /**
   * @param origin this node's id on a cluster, else {@code null}
   * @param deadlineMs how long the batch has from now
   */
  BatchDispatch(Vertx vertx, PushRequest request, BatchState state, SenderRoutes routes, String origin,
                long deadlineMs) {
    this.vertx = vertx;
    this.request = request;
    this.state = state;
    this.routes = routes;
    this.origin = origin;
    this.deadlineNanos = System.nanoTime() + deadlineMs * 1_000_000;
  }

  /** Cuts the batch into chunks of at most {@code chunkSize} messages and sends each. */
  void start(int chunkSize) {
    int total = request.messages().size();
    for (int first = 0; first < total; first += chunkSize) {
      chunks.add(new Chunk(first, Math.min(chunkSize, total - first)));
    }
    chunks.forEach(this::send);
  }

  /** The gateway is shutting down with its drain time up: answer now, with what has come back. */
  void shutDown() {
    state.shutDown();
  }

  /** Sends again every unanswered chunk that {@code node} held. */
  void nodeLeft(String node) {
    for (Chunk chunk : chunks) {
      if (!chunk.answered && node.equals(chunk.node)) {
        chunk.tried.add(node);
        chunk.onlyNoHandlers = false;
        send(chunk);
      }
    }
  }

  private void send(Chunk chunk) {
    long remainingMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
    String node = remainingMs > 0 ? routes.pick(chunk.tried) : null;
    if (node == null) {
      chunk.answered = true;
      state.chunkLost(chunk.first, chunk.size, loss(chunk, remainingMs));
      return;
    }
    int attempt = ++chunk.attempts;
    chunk.node = node;
    SendCommand command = new SendCommand(request.requestId(), request.target(), chunk.first,
        request.messages().subList(chunk.first, chunk.first + chunk.size), remainingMs, origin);
    DeliveryOptions options = new DeliveryOptions()
        .setSendTimeout(TimeoutLadder.senderWaitMs(remainingMs))
        .addHeader(BusHeaders.REQUEST_ID, request.requestId());
    vertx.eventBus().<ChunkOutcome>request(routes.address(node), command, options).onComplete(reply -> {
      if (reply.succeeded()) {
        chunk.answered = true;
        state.record(reply.result().body());
      } else if (!chunk.answered && attempt == chunk.attempts) {
        failed(chunk, node, reply.cause());
      }
    });
  }

  /**
   * Why no node is left for {@code chunk}. A single node reports a sender that failed a chunk as the deadline
   * passing, as it always has; a cluster says the nodes are gone, since they may have sent some of it.
   */
  private Loss loss(Chunk chunk, long remainingMs) {
    if (remainingMs <= 0) {
      return Loss.DEADLINE;
    }
    if (chunk.onlyNoHandlers) {
      return Loss.NO_SENDER;
    }
    return origin == null ? Loss.DEADLINE : Loss.NO_LIVE_SENDER;
  }

  private void failed(Chunk chunk, String node, Throwable failure) {
    ReplyFailure type = failure instanceof ReplyException reply ? reply.failureType() : ReplyFailure.ERROR;
    if (type == ReplyFailure.TIMEOUT) {
      chunk.answered = true;
      state.chunkLost(chunk.first, chunk.size, Loss.DEADLINE);
      return;
    }
    if (type != ReplyFailure.NO_HANDLERS) {
      chunk.onlyNoHandlers = false;
    }
    if (type == ReplyFailure.RECIPIENT_FAILURE && GatewayException.from(failure).code() == FailureCode.DRAINING) {
      routes.draining(node);
    }
    chunk.tried.add(node);
    send(chunk);
  }

  /** One chunk: its place in the batch, the nodes it was sent to, and whether it has its answer. */
  private static final class Chunk {
    final int first;
    final int size;
    final Set<String> tried = new HashSet<>();
    String node;
    int attempts;
    boolean answered;
    boolean onlyNoHandlers = true;

    Chunk(int first, int size) {
      this.first = first;
      this.size = size;
    }
  }
}
