package io.pushgate.jobs;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/**
 * Reads the store's rows into the API's shapes. SQLite hands back an {@code Integer} or a {@code Long} by the value's
 * size, whatever the column's type; {@code Row.getInteger} and {@code getLong} convert either.
 */
final class JobRows {

  private JobRows() {
  }

  /** A row of {@code JobSql}'s job columns. */
  static JobView job(Row row) {
    return new JobView(row.getString("id"), row.getString("target"),
        JobStatus.fromStored(row.getString("status")), row.getInteger("total"), row.getInteger("delivered"),
        row.getInteger("failed"), row.getInteger("cancelled"), row.getLong("created_at"), row.getLong("started_at"),
        row.getLong("finished_at"), row.getString("notify_target"), row.getLong("expires_at"),
        row.getInteger("token_invalid"));
  }

  static ClaimedMessage claimed(Row row) {
    return new ClaimedMessage(row.getInteger("idx"), SqlDialect.buffer(row.getValue("body")),
        row.getInteger("attempts"));
  }

  /**
   * A message's result in the batch API's shape: {@code index}, {@code status}, {@code attempts}, then, once it has
   * an outcome, {@code latencyMs}, {@code httpStatus} (when one came), and {@code response} (decoded when it is JSON)
   * or else {@code error}, {@code detail}, and {@code tokenInvalid} when the provider said the token is gone.
   */
  static JsonObject result(Row row) {
    MessageState state = MessageState.fromStored(row.getString("state"));
    JsonObject json = new JsonObject()
        .put("index", row.getInteger("idx"))
        .put("status", state.json())
        .put("attempts", row.getInteger("attempts"));
    if (!state.isFinal()) {
      return json;
    }
    Long latencyMs = row.getLong("latency_ms");
    if (latencyMs != null) {
      json.put("latencyMs", latencyMs);
    }
    Integer httpStatus = row.getInteger("http_status");
    if (httpStatus != null && httpStatus != 0) {
      json.put("httpStatus", httpStatus);
    }
    Buffer response = SqlDialect.buffer(row.getValue("response"));
    String error = row.getString("error");
    if (response != null) {
      json.put("response", row.getInteger("response_json") == 1 ? Json.decodeValue(response) : response.toString());
    } else if (error != null) {
      json.put("error", error);
    }
    String detail = row.getString("detail");
    if (detail != null) {
      json.put("detail", detail);
    }
    if (row.getInteger("token_invalid") == 1) {
      json.put("tokenInvalid", true);
    }
    return json;
  }
}
