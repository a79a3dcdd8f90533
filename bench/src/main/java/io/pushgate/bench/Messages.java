package io.pushgate.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The benchmark's message: {@code {"user_id":"u<i>","seq":<i>,"message":"<padding>"}}, padded so that its JSON
 * encoding is {@link #SIZE_BYTES} bytes whatever the sequence number, so every row pushes the same payload.
 */
final class Messages {

  /** Encoded size of every message, in bytes (for sequence numbers up to 15 digits). */
  static final int SIZE_BYTES = 200;

  // Everything but the padding and the two copies of the sequence number.
  private static final int FIXED_BYTES = "{\"user_id\":\"u\",\"seq\":,\"message\":\"\"}".length();
  private static final String PADDING = "x".repeat(SIZE_BYTES);

  private Messages() {
  }

  /** Message {@code seq} as JSON text. */
  static String json(long seq) {
    String digits = Long.toString(seq);
    return "{\"user_id\":\"u" + digits + "\",\"seq\":" + digits + ",\"message\":\"" + padding(digits) + "\"}";
  }

  /** Message {@code seq} as bytes, e.g. for an HTTP body. */
  static Buffer buffer(long seq) {
    return Buffer.buffer(json(seq));
  }

  /** Message {@code seq} as a {@link JsonObject}; it encodes to the same text as {@link #json(long)}. */
  static JsonObject object(long seq) {
    String digits = Long.toString(seq);
    return new JsonObject().put("user_id", "u" + digits).put("seq", seq).put("message", padding(digits));
  }

  /** Appends {@code count} messages from {@code firstSeq} on as a JSON array's elements, comma-separated. */
  static Buffer appendArrayElements(Buffer out, long firstSeq, int count) {
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.appendByte((byte) ',');
      }
      out.appendString(json(firstSeq + i));
    }
    return out;
  }

  private static String padding(String digits) {
    return PADDING.substring(0, SIZE_BYTES - FIXED_BYTES - 2 * digits.length());
  }
}
