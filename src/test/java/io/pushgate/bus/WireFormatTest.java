package io.pushgate.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Chunks and outcomes cross the clustered bus in a binary form that reads back the same records")
class WireFormatTest {

  /** Written after some bytes, as Vert.x writes a message body after its headers. */
  private static final Buffer HEADERS = Buffer.buffer("headers-before-the-body");

  @Test
  @DisplayName("a chunk reads back equal: ids, index, deadline, origin and the message bytes as they were")
  void command_round_trip() {
    for (String origin : new String[] {null, "node-id-1"}) {
      SendCommand command = new SendCommand("req-é", "default", 500,
          List.of(Buffer.buffer("{\"user_id\":\"1\",\"message\":\"Hallo Wörld\"}"), Buffer.buffer("{}")), 1234,
          origin);
      Buffer wire = HEADERS.copy();
      WireFormat.writeCommand(wire, command);
      assertThat(WireFormat.readCommand(HEADERS.length(), wire)).isEqualTo(command);
    }
  }

  @Test
  @DisplayName("outcomes read back equal: answered with JSON or text, unanswered with error and detail, the node")
  void outcome_round_trip() {
    List<SendOutcome> outcomes = List.of(
        SendOutcome.answered(0, DeliveryStatus.DELIVERED, 200, 1, 12, Buffer.buffer("{\"ok\":true}"), true),
        SendOutcome.answered(1, DeliveryStatus.FAILED, 422, 1, 3, Buffer.buffer("no"), false),
        SendOutcome.unanswered(2, DeliveryStatus.TIMEOUT, 3, 5000, DeliveryError.TIMEOUT, "no answer"),
        SendOutcome.unanswered(3, DeliveryStatus.FAILED, 0, 0, DeliveryError.CIRCUIT_OPEN, null));
    for (String node : new String[] {null, "node-2"}) {
      ChunkOutcome chunk = new ChunkOutcome(node, outcomes);
      Buffer wire = HEADERS.copy();
      WireFormat.writeOutcome(wire, chunk);
      assertThat(WireFormat.readOutcome(HEADERS.length(), wire)).isEqualTo(chunk);
    }
  }

  @Test
  @DisplayName("bytes from another wire version are refused, not misread")
  void other_version_is_refused() {
    Buffer wire = Buffer.buffer();
    WireFormat.writeOutcome(wire, new ChunkOutcome(null, List.of()));
    wire.setByte(0, (byte) 99);
    assertThatThrownBy(() -> WireFormat.readOutcome(0, wire))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("same version");
  }
}
