package io.pushgate.bus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes {@link BatchResult#toJson()}'s shape straight to bytes, for the HTTP answer: no object tree per result, and
 * each JSON response body spliced in as the bytes the target sent, where {@code toJson()} would parse it and encode
 * it again. A test keeps the two shapes equal.
 *
 * <p>Writes in pieces of about {@code pieceBytes}, one per {@link #next()}, so that an answer is encoded only as fast
 * as its client reads it and never held whole: a 10,000-message answer of 4 KB bodies is 40 MB. Not thread-safe: one
 * answer, one thread.
 */
public final class BatchResultWriter {

  private static final JsonFactory JSON = new JsonFactory();

  private final BatchResult result;
  private final int pieceBytes;
  private final ByteArrayOutputStream bytes;
  private final JsonGenerator json;
  private int written = -1;

  /** A writer of {@code result} in pieces of about {@code pieceBytes} (a piece ends after the result passing it). */
  public BatchResultWriter(BatchResult result, int pieceBytes) {
    this.result = result;
    this.pieceBytes = pieceBytes;
    this.bytes = new ByteArrayOutputStream(Math.min(pieceBytes, 64 * 1024) + 1024);
    try {
      this.json = JSON.createGenerator(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
  }

  /** The next piece of the answer, or {@code null} once it has all been returned. */
  public Buffer next() {
    List<SendOutcome> outcomes = result.results();
    if (written > outcomes.size()) {
      return null;
    }
    try {
      if (written < 0) {
        writeHead();
        written = 0;
      }
      while (written < outcomes.size() && bytes.size() + json.getOutputBuffered() < pieceBytes) {
        writeOutcome(json, outcomes.get(written++));
      }
      if (written == outcomes.size()) {
        json.writeEndArray();
        json.writeEndObject();
        json.close();
        written++;
      } else {
        json.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    Buffer piece = Buffer.buffer(bytes.toByteArray());
    bytes.reset();
    return piece;
  }

  private void writeHead() throws IOException {
    json.writeStartObject();
    json.writeStringField("requestId", result.requestId());
    json.writeStringField("target", result.target());
    json.writeNumberField("total", result.results().size());
    json.writeNumberField("delivered", result.count(DeliveryStatus.DELIVERED));
    json.writeNumberField("failed", result.count(DeliveryStatus.FAILED));
    json.writeNumberField("timedOut", result.count(DeliveryStatus.TIMEOUT));
    json.writeNumberField("tokenInvalid", result.tokensInvalid());
    json.writeNumberField("durationMs", result.durationMs());
    json.writeArrayFieldStart("results");
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
    if (outcome.tokenInvalid()) {
      json.writeBooleanField("tokenInvalid", true);
    }
    json.writeEndObject();
  }
}
