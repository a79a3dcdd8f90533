package io.pushgate.bus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON bytes of the messages of an event-bus request: all written by one generator into one buffer and handed
 * out as slices of it, which nobody writes to ({@link PushRequest}). {@code JsonObject.toBuffer()} per message made a
 * generator and a buffer for each, which cost the bus API about twice what the HTTP API's streaming parser spends on
 * the same messages.
 */
final class MessageBytes {

  /**
   * Writes as {@code JsonObject.encode()} does: a character outside the Basic Multilingual Plane (an emoji) as its
   * four UTF-8 bytes, as a client's own bytes reach the target through the HTTP API, where {@code toBuffer()} wrote
   * two escaped surrogates. Both are the same JSON.
   */
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
  /** A first guess at a message's size, so that the buffer seldom grows. */
  private static final int TYPICAL_MESSAGE_BYTES = 128;
  /** The most allocated before the first byte is written: past it, the buffer grows as the messages need. */
  private static final int MAX_FIRST_ALLOCATION = 1 << 20;

  private MessageBytes() {
  }

  /**
   * Each element of {@code messages}, encoded as {@code JsonObject.encode()} encodes it, as a slice of one buffer.
   *
   * @throws EncodeException when an element holds a value JSON has no form for
   */
  static List<Buffer> of(JsonArray messages) {
    Buffer all = Buffer.buffer((int) Math.min(MAX_FIRST_ALLOCATION, (long) messages.size() * TYPICAL_MESSAGE_BYTES));
    int[] ends = new int[messages.size()];
    try (JsonGenerator generator = JSON.createGenerator(new Appender(all))) {
      // Top-level values are otherwise separated by a space, which would start every message but the first.
      generator.setRootValueSeparator(null);
      for (int i = 0; i < ends.length; i++) {
        JacksonCodec.encodeJson(messages.getValue(i), generator);
        generator.flush();
        ends[i] = all.length();
      }
    } catch (IOException e) {
      throw new EncodeException("the messages could not be encoded: " + e.getMessage(), e);
    }
    // Sliced once every byte is in, so that each slice is of the buffer as it ends up.
    List<Buffer> slices = new ArrayList<>(ends.length);
    int start = 0;
    for (int end : ends) {
      slices.add(all.slice(start, end));
      start = end;
    }
    return slices;
  }

  /** Writes into a Vert.x buffer. */
  private static final class Appender extends OutputStream {
    private final Buffer buffer;

    Appender(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.appendBytes(bytes, offset, length);
    }
  }
}
