package io.pushgate.api;

import io.pushgate.cluster.ClusterView;
import io.pushgate.jobs.JobStore;
import io.pushgate.jobs.JobView;
import io.pushgate.observability.NodeLoads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console shows, read from the state the API reads: every target as {@code /v1/targets} lists it, every
 * node's load ({@link NodeLoads}), and the newest jobs as {@code GET /v1/jobs} lists them. One JSON object:
 * <pre>
 * {"timeMs": 1733280641512, "cluster": "pushgate" or null,
 *  "nodes": [{"name", "self", "answered", "inFlight", "maxInFlight", "draining", "delivered", "failed", "timedOut"}],
 *  "targets": [...], "jobsServed": true, "jobs": [...] or, when the store did not answer, "jobsError": "..."}
 * </pre>
 * {@code timeMs} is when it was read, so that a console can turn the counts into rates. Built at most about once a
 * second per API instance, however many consoles watch: they share it, encoded once. Confined to its verticle's
 * event loop.
 */
final class ConsoleSnapshots {

  /** A snapshot younger than this is shared rather than read again, in milliseconds. */
  static final long FRESH_MS = 900;
  /** How many of the newest jobs are shown. */
  static final int JOBS_SHOWN = 20;
  /** How long the job store may take to list them before the snapshot goes without, in milliseconds. */
  static final long STORE_TIMEOUT_MS = 2000;

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleSnapshots.class);

  /** A snapshot as sent: when it was read and its JSON, encoded. */
  record Snapshot(long timeMs, String json) {
  }

  private final TargetsRoute targets;
  private final NodeLoads nodes;
  private final ClusterView cluster;
  private final JobStore jobs;
  private Snapshot latest;
  private Future<Snapshot> reading;

  /** @param jobs the job store, or {@code null} when this node serves no job API */
  ConsoleSnapshots(TargetsRoute targets, NodeLoads nodes, ClusterView cluster, JobStore jobs) {
    this.targets = targets;
    this.nodes = nodes;
    this.cluster = cluster;
    this.jobs = jobs;
  }

  /** A snapshot at most {@link #FRESH_MS} old: the latest, the one being read, or a new one. Never fails. */
  Future<Snapshot> current() {
    if (latest != null && System.currentTimeMillis() - latest.timeMs() < FRESH_MS) {
      return Future.succeededFuture(latest);
    }
    if (reading != null) {
      return reading;
    }
    Future<Snapshot> next = read();
    // Set before listening: a read with nothing to wait for completes at once, and must not stay "reading".
    reading = next;
    next.onComplete(read -> {
      latest = read.result();
      reading = null;
    });
    return next;
  }

  private Future<Snapshot> read() {
    long now = System.currentTimeMillis();
    JsonArray shownTargets = targets.all();
    Future<JsonArray> shownNodes = nodes.all();
    Future<JsonObject> shownJobs = newestJobs();
    return Future.all(shownNodes, shownJobs).map(read -> new Snapshot(now, new JsonObject()
        .put("timeMs", now)
        .put("cluster", cluster.clustered() ? cluster.clusterName() : null)
        .put("nodes", shownNodes.result())
        .put("targets", shownTargets)
        .mergeIn(shownJobs.result())
        .encode()));
  }

  /** {@code jobsServed}, and the newest jobs or, when the store does not answer in time, {@code jobsError}. */
  private Future<JsonObject> newestJobs() {
    if (jobs == null) {
      return Future.succeededFuture(new JsonObject().put("jobsServed", false));
    }
    return jobs.list(null, JOBS_SHOWN).timeout(STORE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(ConsoleSnapshots::jobsJson)
        .otherwise(failure -> {
          LOG.debug("the console could not list jobs: {}", failure.toString());
          return new JsonObject().put("jobsServed", true)
              .put("jobsError", "the job store did not answer; the jobs shown may be out of date");
        });
  }

  private static JsonObject jobsJson(List<JobView> newest) {
    JsonArray shown = new JsonArray();
    newest.forEach(job -> shown.add(job.toJson()));
    return new JsonObject().put("jobsServed", true).put("jobs", shown);
  }
}
