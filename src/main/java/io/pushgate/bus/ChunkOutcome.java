package io.pushgate.bus;

import java.util.List;

/**
 * A sender's reply to a {@link SendCommand}: one outcome per message of the chunk, in chunk order. Passed as is
 * within a node and in {@link WireFormat}'s binary form between nodes.
 *
 * @param node the {@code cluster.nodeName} of the sender's node on a cluster, else {@code null}; the aggregator
 *     writes it into each outcome, so that it crosses the bus once per chunk
 * @param outcomes the outcomes, whose {@link SendOutcome#index()} is the message's index in its request
 */
public record ChunkOutcome(String node, List<SendOutcome> outcomes) {

  public ChunkOutcome {
    outcomes = List.copyOf(outcomes);
  }
}
