package io.pushgate.jobs;

import io.pushgate.bus.SendOutcome;
import io.pushgate.config.TargetConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job chunks this node has in its senders, and which of their messages still wait for an outcome. An outcome
 * comes twice: first as the sender's progress, soon after it is known, then in the chunk's reply, which holds them
 * all; it is taken, to be written, once. Confined to the job runner's event loop.
 */
final class SentChunks {

  private final Map<String, List<Chunk>> byJob = new HashMap<>();

  /** One chunk: its job, its target, and its messages without an outcome taken yet, by index. */
  static final class Chunk {
    final String jobId;
    final TargetConfig target;
    final Map<Integer, ClaimedMessage> open = new LinkedHashMap<>();

    private Chunk(String jobId, TargetConfig target, List<ClaimedMessage> messages) {
      this.jobId = jobId;
      this.target = target;
      messages.forEach(message -> open.put(message.index(), message));
    }
  }

  /** A chunk of {@code messages} handed to the senders. */
  Chunk add(String jobId, TargetConfig target, List<ClaimedMessage> messages) {
    Chunk chunk = new Chunk(jobId, target, messages);
    byJob.computeIfAbsent(jobId, id -> new ArrayList<>()).add(chunk);
    return chunk;
  }

  /** The results of those of {@code outcomes} (progress of a chunk of {@code jobId}) not taken before. */
  List<MessageResult> takeProgress(String jobId, List<SendOutcome> outcomes) {
    List<MessageResult> results = new ArrayList<>(outcomes.size());
    for (Chunk chunk : byJob.getOrDefault(jobId, List.of())) {
      for (SendOutcome outcome : outcomes) {
        ClaimedMessage message = chunk.open.remove(outcome.index());
        if (message != null) {
          results.add(JobOutcomes.toResult(outcome, message, chunk.target));
        }
      }
    }
    return results;
  }

  /**
   * The chunk has its reply, or none came ({@code outcomes} {@code null}: the senders refused it or did not answer
   * in time): the results of its messages not taken yet, and it is no longer in the senders.
   */
  List<MessageResult> finish(Chunk chunk, List<SendOutcome> outcomes) {
    List<MessageResult> results = new ArrayList<>(chunk.open.size());
    if (outcomes != null) {
      for (SendOutcome outcome : outcomes) {
        ClaimedMessage message = chunk.open.remove(outcome.index());
        if (message != null) {
          results.add(JobOutcomes.toResult(outcome, message, chunk.target));
        }
      }
    }
    chunk.open.values().forEach(message -> results.add(JobOutcomes.notSent(message)));
    chunk.open.clear();
    List<Chunk> chunks = byJob.get(chunk.jobId);
    chunks.remove(chunk);
    if (chunks.isEmpty()) {
      byJob.remove(chunk.jobId);
    }
    return results;
  }

  /** The target of {@code jobId}'s chunks; only while it has some. */
  String target(String jobId) {
    return byJob.get(jobId).get(0).target.name();
  }

  /** The jobs with chunks in the senders. */
  Set<String> jobs() {
    return Set.copyOf(byJob.keySet());
  }
}
