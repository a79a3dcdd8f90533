package io.pushgate.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pushgate.bus.BatchResult;
import io.pushgate.bus.BatchResultWriter;
import io.pushgate.bus.ChunkOutcome;
import io.pushgate.bus.DeliveryError;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.PushRequest;
import io.pushgate.bus.SendOutcome;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BatchState completes once and ignores what comes after")
class BatchStateTest {

  private static final Buffer OK = Buffer.buffer("{}");

  private static PushRequest request(int size) {
    return new PushRequest("r", "default", Collections.nCopies(size, OK), PushRequest.NO_TIMEOUT);
  }

  private static ChunkOutcome delivered(int... indexes) {
    return new ChunkOutcome(null, Arrays.stream(indexes)
        .mapToObj(i -> SendOutcome.answered(i, DeliveryStatus.DELIVERED, 200, 1, 0, OK, true)).toList());
  }

  @Test
  @DisplayName("the HTTP answer written as bytes is the JSON summary, response bodies included")
  void written_answer_matches_the_json() {
    BatchResult result = new BatchResult("r", "default", 12, List.of(
        SendOutcome.answered(0, DeliveryStatus.DELIVERED, 200, 1, 3, Buffer.buffer("{\"ok\":[1,{\"a\":null}]}"), true),
        SendOutcome.answered(1, DeliveryStatus.FAILED, 422, 1, 4, Buffer.buffer("bad \"token\" \u00e9"), false),
        SendOutcome.unanswered(2, DeliveryStatus.TIMEOUT, 2, 5, DeliveryError.TIMEOUT, "no answer"),
        SendOutcome.unanswered(3, DeliveryStatus.FAILED, 0, 0, DeliveryError.CIRCUIT_OPEN, null)));
    Buffer whole = written(new BatchResultWriter(result, Integer.MAX_VALUE));
    assertThat(whole.toJsonObject()).isEqualTo(result.toJson());
    // Streamed in pieces of about 10 bytes (one result each), as the HTTP API writes a large answer: the same bytes.
    BatchResultWriter writer = new BatchResultWriter(result, 10);
    Buffer streamed = Buffer.buffer();
    int pieces = 0;
    for (Buffer piece = writer.next(); piece != null; piece = writer.next(), pieces++) {
      streamed.appendBuffer(piece);
    }
    assertThat(pieces).isGreaterThan(2);
    assertThat(streamed).isEqualTo(whole);
  }

  private static Buffer written(BatchResultWriter writer) {
    Buffer all = Buffer.buffer();
    for (Buffer piece = writer.next(); piece != null; piece = writer.next()) {
      all.appendBuffer(piece);
    }
    return all;
  }

  @Test
  @DisplayName("a chunk answered twice (sent again after its node was thought lost) keeps the first answer, and the "
      + "node that gave it")
  void first_answer_of_a_message_wins() {
    BatchState state = new BatchState(request(3), 2);
    state.record(new ChunkOutcome("node-a", delivered(0, 1).outcomes()));
    state.record(new ChunkOutcome("node-b", List.of(
        SendOutcome.answered(0, DeliveryStatus.FAILED, 500, 1, 0, OK, true),
        SendOutcome.answered(1, DeliveryStatus.FAILED, 500, 1, 0, OK, true))));
    assertThat(state.finished()).as("the repeats filled no new message").isFalse();
    state.record(new ChunkOutcome("node-b", delivered(2).outcomes()));
    assertThat(state.result().result().results())
        .extracting(SendOutcome::status, SendOutcome::node)
        .containsExactly(tuple(DeliveryStatus.DELIVERED, "node-a"), tuple(DeliveryStatus.DELIVERED, "node-a"),
            tuple(DeliveryStatus.DELIVERED, "node-b"));
  }

  @Test
  @DisplayName("outcomes arriving after expiry are dropped")
  void late_outcomes_are_dropped() {
    BatchState state = new BatchState(request(2), 2);
    state.record(delivered(0));
    state.expire();
    state.record(delivered(1));
    BatchResult result = state.result().result();
    assertThat(result.results()).extracting(SendOutcome::status)
        .containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.TIMEOUT);
  }

  @Test
  @DisplayName("completes as soon as every message has an outcome, in index order")
  void completes_when_all_are_in() {
    BatchState state = new BatchState(request(3), 2);
    state.record(delivered(2));
    assertThat(state.finished()).isFalse();
    state.record(delivered(0, 1));
    assertThat(state.result().result().results()).extracting(SendOutcome::index).containsExactly(0, 1, 2);
  }

  @Test
  @DisplayName("a lost chunk fails its own messages; all chunks without a sender fail the request")
  void lost_chunks() {
    BatchState partly = new BatchState(request(3), 3);
    partly.chunkLost(0, 1, BatchState.Loss.DEADLINE);
    partly.chunkLost(2, 1, BatchState.Loss.NO_LIVE_SENDER);
    partly.record(delivered(1));
    assertThat(partly.result().result().results()).extracting(SendOutcome::status)
        .containsExactly(DeliveryStatus.TIMEOUT, DeliveryStatus.DELIVERED, DeliveryStatus.FAILED);
    assertThat(partly.result().result().results().get(2).error()).isEqualTo(DeliveryError.UNAVAILABLE);

    BatchState none = new BatchState(request(2), 2);
    none.chunkLost(0, 1, BatchState.Loss.NO_SENDER);
    none.chunkLost(1, 1, BatchState.Loss.NO_SENDER);
    assertThat(none.result().failed()).isTrue();
    assertThat(List.of(none.result().cause().getMessage())).containsExactly("no sender is available");
  }
}
