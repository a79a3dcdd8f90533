package io.pushgate.bus;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form in which {@link SendCommand}s and {@link ChunkOutcome}s cross the clustered event bus: lengths,
 * numbers and the message and response bytes as they are. A JSON form would parse and encode every message body and
 * every JSON response on both sides; this copies them once (the {@code cluster} row of BENCHMARKS.md measured both).
 * A leading version byte makes a node of another Pushgate version fail loudly instead of misreading: the nodes of one
 * cluster run one version.
 */
final class WireFormat {

  /**
   * 4: outcomes carry {@code tokenInvalid}, and the refusals before the network came into {@link DeliveryError},
   * shifting the ordinals after {@code CIRCUIT_OPEN} (3 brought {@code INVALID_RESPONSE}).
   */
  private static final byte VERSION = 4;
  private static final int NULL = -1;

  private WireFormat() {
  }

  static void writeCommand(Buffer out, SendCommand command) {
    out.appendByte(VERSION);
    writeString(out, command.requestId());
    writeString(out, command.target());
    out.appendInt(command.firstIndex()).appendLong(command.timeoutMs());
    writeString(out, command.origin());
    out.appendInt(command.messages().size());
    for (Buffer message : command.messages()) {
      writeBytes(out, message);
    }
  }

  static SendCommand readCommand(int pos, Buffer in) {
    Reader read = new Reader(in, pos);
    String requestId = read.string();
    String target = read.string();
    int firstIndex = read.integer();
    long timeoutMs = read.longInteger();
    String origin = read.string();
    int count = read.integer();
    List<Buffer> messages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      messages.add(read.bytes());
    }
    return new SendCommand(requestId, target, firstIndex, messages, timeoutMs, origin);
  }

  static void writeOutcome(Buffer out, ChunkOutcome chunk) {
    out.appendByte(VERSION);
    writeString(out, chunk.node());
    out.appendInt(chunk.outcomes().size());
    for (SendOutcome outcome : chunk.outcomes()) {
      out.appendInt(outcome.index()).appendByte((byte) outcome.status().ordinal()).appendInt(outcome.httpStatus())
          .appendInt(outcome.attempts()).appendLong(outcome.latencyMs());
      writeBytes(out, outcome.response());
      out.appendByte((byte) (outcome.responseJson() ? 1 : 0));
      out.appendByte((byte) (outcome.error() == null ? NULL : outcome.error().ordinal()));
      writeString(out, outcome.detail());
      out.appendByte((byte) (outcome.tokenInvalid() ? 1 : 0));
    }
  }

  static ChunkOutcome readOutcome(int pos, Buffer in) {
    Reader read = new Reader(in, pos);
    String node = read.string();
    int count = read.integer();
    List<SendOutcome> outcomes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      // A sender's outcomes name no node: the chunk does, once.
      outcomes.add(new SendOutcome(read.integer(), DeliveryStatus.values()[read.oneByte()], read.integer(),
          read.integer(), read.longInteger(), read.bytes(), read.oneByte() == 1, read.error(), read.string(), null,
          read.oneByte() == 1));
    }
    return new ChunkOutcome(node, outcomes);
  }

  private static void writeString(Buffer out, String text) {
    writeBytes(out, text == null ? null : Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void writeBytes(Buffer out, Buffer bytes) {
    if (bytes == null) {
      out.appendInt(NULL);
    } else {
      out.appendInt(bytes.length()).appendBuffer(bytes);
    }
  }

  /** Reads fields in the order they were written, from a position that moves on. */
  private static final class Reader {
    private final Buffer in;
    private int pos;

    Reader(Buffer in, int pos) {
      this.in = in;
      this.pos = pos;
      byte version = in.getByte(this.pos++);
      if (version != VERSION) {
        throw new IllegalStateException("wire format " + version + " from another Pushgate version; this node reads "
            + VERSION + ": the nodes of one cluster must run the same version");
      }
    }

    int integer() {
      int value = in.getInt(pos);
      pos += 4;
      return value;
    }

    long longInteger() {
      long value = in.getLong(pos);
      pos += 8;
      return value;
    }

    byte oneByte() {
      return in.getByte(pos++);
    }

    DeliveryError error() {
      byte ordinal = oneByte();
      return ordinal == NULL ? null : DeliveryError.values()[ordinal];
    }

    /** A copy: the bytes outlive the buffer the message arrived in. */
    Buffer bytes() {
      int length = integer();
      if (length == NULL) {
        return null;
      }
      Buffer bytes = in.getBuffer(pos, pos + length);
      pos += length;
      return bytes;
    }

    String string() {
      Buffer bytes = bytes();
      return bytes == null ? null : bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
