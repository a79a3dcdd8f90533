package io.pushgate.jobs;

import io.pushgate.bus.SendOutcome;
import io.pushgate.config.TargetConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job chunks this node has in its senders, and which of their messages still wait for an outcome. An outcome
 * comes twice: first as the sender's progress, soon after it is known, then in the chunk's reply, which holds them
 * all; it is taken, to be written, once. Progress names its chunk ({@link io.pushgate.bus.BusHeaders#CHUNK_ID}):
 * that of a chunk given up on (its reply failed, its messages claimed again since) is dropped. Confined to the job
 * runner's event loop.
 */
final class SentChunks {

  private final Map<String, Chunk> byId = new HashMap<>();
  private long lastId;

  /** One chunk: its id, its job, its target, and its messages without an outcome taken yet, by index. */
  static final class Chunk {
    final String id;
    final String jobId;
    final TargetConfig target;
    final Map<Integer, ClaimedMessage> open = new LinkedHashMap<>();

    private Chunk(String id, String jobId, TargetConfig target, List<ClaimedMessage> messages) {
      this.id = id;
      this.jobId = jobId;
      this.target = target;
      messages.forEach(message -> open.put(message.index(), message));
    }
  }

  /** A chunk of {@code messages} handed to the senders. */
  Chunk add(String jobId, TargetConfig target, List<ClaimedMessage> messages) {
    Chunk chunk = new Chunk(Long.toString(++lastId), jobId, target, messages);
    byId.put(chunk.id, chunk);
    return chunk;
  }

  /** The chunk {@code chunkId} names, while it is in the senders, else {@code null}. */
  Chunk find(String chunkId) {
    return chunkId == null ? null : byId.get(chunkId);
  }

  /** The results of those of {@code outcomes} (progress of {@code chunk}) not taken before. */
  List<MessageResult> takeProgress(Chunk chunk, List<SendOutcome> outcomes) {
    List<MessageResult> results = new ArrayList<>(outcomes.size());
    for (SendOutcome outcome : outcomes) {
      ClaimedMessage message = chunk.open.remove(outcome.index());
      if (message != null) {
        results.add(JobOutcomes.toResult(outcome, message, chunk.target));
      }
    }
    return results;
  }

  /**
   * The chunk has its reply, or none came ({@code outcomes} {@code null}: the senders refused it or did not answer
   * in time): the results of its messages not taken yet, and it is no longer in the senders.
   */
  List<MessageResult> finish(Chunk chunk, List<SendOutcome> outcomes) {
    List<MessageResult> results = outcomes == null ? new ArrayList<>() : takeProgress(chunk, outcomes);
    chunk.open.values().forEach(message -> results.add(JobOutcomes.notSent(message)));
    chunk.open.clear();
    byId.remove(chunk.id);
    return results;
  }

  /** The jobs with chunks in the senders. */
  Set<String> jobs() {
    Set<String> jobs = new HashSet<>();
    byId.values().forEach(chunk -> jobs.add(chunk.jobId));
    return jobs;
  }
}
