package io.pushgate.jobs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One page of {@code GET /v1/jobs/<id>/results}.
 *
 * @param results the results, in index order, each in the batch API's result shape
 * @param next the index to pass as {@code after} for the next page, or {@code null} after the last
 */
public record ResultsPage(String jobId, JsonArray results, Integer next) {

  public JsonObject toJson() {
    return new JsonObject().put("jobId", jobId).put("results", results).put("next", next);
  }
}
