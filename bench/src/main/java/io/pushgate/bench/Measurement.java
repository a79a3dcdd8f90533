package io.pushgate.bench;

import io.vertx.core.json.JsonObject;

/**
 * The result of one load run, as measured by whoever drove it.
 *
 * @param messages messages sent
 * @param elapsedNanos from the first call to the last answer
 * @param errors messages not delivered, or whose call failed
 * @param request whole-request latency, or {@code null} when the row has no requests of its own
 * @param message per-message latency, or {@code null} when none was recorded
 */
record Measurement(long messages, long elapsedNanos, long errors, Percentiles request, Percentiles message) {

  double messagesPerSecond() {
    return messages * 1e9 / elapsedNanos;
  }

  /** The JSON {@link BusLoadVerticle} answers with. */
  JsonObject toJson() {
    return new JsonObject()
        .put("messages", messages)
        .put("elapsedNanos", elapsedNanos)
        .put("errors", errors)
        .put("request", request == null ? null : request.toJson())
        .put("message", message == null ? null : message.toJson());
  }

  static Measurement fromJson(JsonObject json) {
    return new Measurement(json.getLong("messages"), json.getLong("elapsedNanos"), json.getLong("errors"),
        Percentiles.fromJson(json.getJsonObject("request")), Percentiles.fromJson(json.getJsonObject("message")));
  }
}
