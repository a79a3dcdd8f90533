package io.pushgate.bench;

import io.vertx.core.buffer.Buffer;

/**
 * The two bodies {@code POST /v1/jobs} takes, written from {@link Messages} as they stream: the {@code /v1/push} JSON
 * body ({@code {"target":"default","messages":[...]}}) or NDJSON, one message per line, with the target in the query.
 * Every message is {@link Messages#SIZE_BYTES} bytes, so a body's length is known before it is written.
 */
enum JobFormat {
  JSON("JSON", "application/json", "/v1/jobs"),
  NDJSON("NDJSON", "application/x-ndjson", "/v1/jobs?target=" + JobFormat.TARGET);

  static final String TARGET = "default";

  private static final String JSON_PREFIX = "{\"target\":\"" + TARGET + "\",\"messages\":[";
  private static final String JSON_SUFFIX = "]}";

  final String label;
  final String contentType;
  final String uri;

  JobFormat(String label, String contentType, String uri) {
    this.label = label;
    this.contentType = contentType;
    this.uri = uri;
  }

  /** Bytes of a body of {@code count} messages. */
  long contentLength(long count) {
    return this == JSON
        ? JSON_PREFIX.length() + count * Messages.SIZE_BYTES + (count - 1) + JSON_SUFFIX.length()
        : count * (Messages.SIZE_BYTES + 1);
  }

  /**
   * The piece of a body of {@code total} messages from {@code firstSeq} on that holds messages {@code from} to
   * {@code from + count - 1} (0-based within the body), with the opening of the body before the first and its end
   * after the last.
   */
  Buffer piece(long firstSeq, long total, long from, int count) {
    Buffer out = Buffer.buffer(count * (Messages.SIZE_BYTES + 1) + JSON_PREFIX.length() + JSON_SUFFIX.length());
    if (this == JSON) {
      if (from == 0) {
        out.appendString(JSON_PREFIX);
      } else {
        out.appendByte((byte) ',');
      }
      Messages.appendArrayElements(out, firstSeq + from, count);
      if (from + count == total) {
        out.appendString(JSON_SUFFIX);
      }
    } else {
      for (int i = 0; i < count; i++) {
        out.appendString(Messages.json(firstSeq + from + i)).appendByte((byte) '\n');
      }
    }
    return out;
  }
}
