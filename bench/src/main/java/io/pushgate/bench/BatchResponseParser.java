package io.pushgate.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Reads a {@code POST /v1/push} summary with Jackson's streaming parser, keeping only {@code total},
 * {@code delivered} and each result's {@code latencyMs}: building a {@code JsonObject} per result would cost the
 * load generator more CPU than it has to spare on a shared 2-core machine.
 */
final class BatchResponseParser {

  /** What was read: {@code latencies} counts the results that carried a {@code latencyMs}. */
  record Summary(int total, int delivered, int latencies) {
  }

  private static final JsonFactory JSON = new JsonFactory();

  private BatchResponseParser() {
  }

  /** Parses {@code body}, recording every {@code latencyMs} (in µs) into {@code recorder}. */
  static Summary parse(Buffer body, LoadRecorder recorder) throws IOException {
    int total = -1;
    int delivered = -1;
    int latencies = 0;
    try (JsonParser parser = JSON.createParser(body.getBytes())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the summary is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "total" -> total = parser.getIntValue();
          case "delivered" -> delivered = parser.getIntValue();
          case "results" -> latencies = readResults(parser, recorder);
          default -> parser.skipChildren();
        }
      }
    }
    return new Summary(total, delivered, latencies);
  }

  private static int readResults(JsonParser parser, LoadRecorder recorder) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      parser.skipChildren();
      return 0;
    }
    int latencies = 0;
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        boolean latency = "latencyMs".equals(parser.currentName());
        parser.nextToken();
        if (latency) {
          recorder.message(parser.getLongValue() * 1_000);
          latencies++;
        } else {
          parser.skipChildren();
        }
      }
    }
    return latencies;
  }
}
