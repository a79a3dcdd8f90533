package io.pushgate.bus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes {@link BatchResult#toJson()}'s shape straight to bytes, for the HTTP answer: no object tree per result, and
 * each JSON response body spliced in as the bytes the target sent, where {@code toJson()} would parse it and encode
 * it again. A test keeps the two shapes equal.
 */
final class BatchResultWriter {

  private static final JsonFactory JSON = new JsonFactory();
  /** Roughly what one result takes, to size the buffer once. */
  private static final int BYTES_PER_RESULT = 128;

  private BatchResultWriter() {
  }

  static Buffer write(BatchResult result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + result.results().size() * BYTES_PER_RESULT);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeStringField("requestId", result.requestId());
      json.writeStringField("target", result.target());
      json.writeNumberField("total", result.results().size());
      json.writeNumberField("delivered", result.count(DeliveryStatus.DELIVERED));
      json.writeNumberField("failed", result.count(DeliveryStatus.FAILED));
      json.writeNumberField("timedOut", result.count(DeliveryStatus.TIMEOUT));
      json.writeNumberField("durationMs", result.durationMs());
      json.writeArrayFieldStart("results");
      for (SendOutcome outcome : result.results()) {
        writeOutcome(json, outcome);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return Buffer.buffer(bytes.toByteArray());
  }

  private static void writeOutcome(JsonGenerator json, SendOutcome outcome) throws IOException {
    json.writeStartObject();
    json.writeNumberField("index", outcome.index());
    json.writeStringField("status", outcome.status().json());
    json.writeNumberField("attempts", outcome.attempts());
    json.writeNumberField("latencyMs", outcome.latencyMs());
    if (outcome.httpStatus() != SendOutcome.NO_HTTP_STATUS) {
      json.writeNumberField("httpStatus", outcome.httpStatus());
    }
    if (outcome.response() != null) {
      json.writeFieldName("response");
      if (outcome.responseJson()) {
        // Checked to be one whole JSON value when it arrived.
        json.writeRawValue(outcome.response().toString());
      } else {
        json.writeString(outcome.response().toString());
      }
    } else {
      json.writeStringField("error", outcome.error().json());
    }
    if (outcome.detail() != null) {
      json.writeStringField("detail", outcome.detail());
    }
    if (outcome.node() != null) {
      json.writeStringField("node", outcome.node());
    }
    json.writeEndObject();
  }
}
