package io.pushgate.bus;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Objects;

/**
 * One chunk of a batch, for one sender to deliver to one target. Passed as is within a node and in
 * {@link WireFormat}'s binary form between nodes. Sent to {@link Addresses#SENDER_SEND}; the sender
 * replies with a {@link ChunkOutcome} holding one {@link SendOutcome} per message, in chunk order, at the latest when
 * {@code timeoutMs} has passed. Message bodies are read-only, as in {@link PushRequest}.
 *
 * @param requestId the id of the request the chunk belongs to
 * @param target the name of a configured target
 * @param firstIndex the index, within the request, of the chunk's first message
 * @param messages the message bodies, never empty
 * @param timeoutMs how long the sender has, from receipt, to answer for every message; positive
 * @param origin the Vert.x node id of the aggregator's node on a cluster, else {@code null}: a draining node refuses
 *     chunks from other nodes with {@link FailureCode#DRAINING} and finishes its own
 */
public record SendCommand(String requestId, String target, int firstIndex, List<Buffer> messages, long timeoutMs,
                          String origin) {

  public SendCommand {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(target, "target");
    messages = List.copyOf(messages);
    if (messages.isEmpty() || firstIndex < 0 || timeoutMs <= 0) {
      throw new IllegalArgumentException("a chunk needs messages, an index >= 0 and a positive timeout");
    }
  }
}
