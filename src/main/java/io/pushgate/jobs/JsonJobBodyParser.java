package io.pushgate.jobs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.PushRequest;
import io.pushgate.config.TargetKind;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the JSON body of {@code POST /v1/jobs}, {@code {"target","messages","notify","expiresInMs"}} in any order,
 * with Jackson's non-blocking parser, fed chunk by chunk. Each message is kept as the bytes it spans in the body
 * (found from the parser's byte offsets), holding only the bytes of the message being read, and handed to the sink
 * as soon as it ends. {@code target} and {@code notify} are checked against the configured targets as soon as they
 * are read; a missing {@code target} is {@code default}. UTF-8 only (what the non-blocking parser reads).
 */
public final class JsonJobBodyParser implements JobBodyParser {

  private enum State { START, FIELDS, MESSAGES, IN_MESSAGE, DONE }

  private final JsonParser parser;
  private final ByteArrayFeeder feeder;
  private final Map<String, TargetKind> targets;
  private final int maxMessages;
  private final int maxMessageBytes;
  private final Consumer<Buffer> sink;
  private State state = State.START;
  private String field;
  private boolean messagesSeen;
  private String target;
  private String notify;
  private Long expiresInMs;
  private int count;
  /** Nesting depth inside the message being read: 1 right after its opening brace. */
  private int depth;
  /** Absolute byte offset of the message being read, and its bytes from the chunks before the current one. */
  private long messageStart;
  private Buffer messageHead;
  /** Absolute offset of the current chunk's first byte. */
  private long chunkStart;

  /**
   * @param factory made by {@link #factory(int)}
   * @param targets the configured targets' names
   * @param maxMessages {@code jobs.maxMessages}
   * @param maxMessageBytes the most bytes one message may span
   * @param sink takes each message's bytes, in body order
   */
  public JsonJobBodyParser(JsonFactory factory, Map<String, TargetKind> targets, int maxMessages, int maxMessageBytes,
                           Consumer<Buffer> sink) {
    try {
      this.parser = factory.createNonBlockingByteArrayParser();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    this.targets = targets;
    this.maxMessages = maxMessages;
    this.maxMessageBytes = maxMessageBytes;
    this.sink = sink;
  }

  /**
   * The factory the parsers of one API share: duplicate keys refused, and no string longer than a message may be,
   * so that a huge value outside {@code messages} cannot fill the heap either.
   */
  public static JsonFactory factory(int maxMessageBytes) {
    return JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxMessageBytes).build())
        .build();
  }

  @Override
  public void feed(Buffer chunk) {
    if (chunk.length() == 0) {
      return;
    }
    byte[] bytes = chunk.getBytes();
    try {
      feeder.feedInput(bytes, 0, bytes.length);
      readTokens(bytes);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw GatewayException.invalid(null, "the body could not be read");
    }
    if (state == State.IN_MESSAGE) {
      long chunkEnd = chunkStart + bytes.length;
      if (chunkEnd - messageStart > maxMessageBytes) {
        throw JobBody.messageTooLarge(JobBody.messageField(count), maxMessageBytes);
      }
      int from = (int) Math.max(0, messageStart - chunkStart);
      if (messageHead == null) {
        messageHead = Buffer.buffer(bytes.length - from);
      }
      messageHead.appendBytes(bytes, from, bytes.length - from);
    }
    chunkStart += bytes.length;
  }

  @Override
  public void end() {
    feeder.endOfInput();
    try {
      readTokens(new byte[0]);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw GatewayException.invalid(null, "the body could not be read");
    }
    if (state == State.START) {
      throw notAnObject();
    }
    if (state != State.DONE) {
      throw GatewayException.invalid(null, "malformed JSON: the body ended before its object did");
    }
    if (!messagesSeen) {
      throw PushRequest.missingMessages();
    }
    if (target == null) {
      target = JobBody.knownTarget(targets, JobBody.FIELD_TARGET, PushRequest.DEFAULT_TARGET);
    }
  }

  private void readTokens(byte[] bytes) throws IOException {
    for (JsonToken token = parser.nextToken(); token != null && token != JsonToken.NOT_AVAILABLE;
         token = parser.nextToken()) {
      switch (state) {
        case START -> start(token);
        case FIELDS -> field(token);
        case MESSAGES -> message(token);
        case IN_MESSAGE -> inMessage(token, bytes);
        case DONE -> throw GatewayException.invalid(null, "the body must hold one JSON object and nothing after it");
      }
    }
  }

  private void start(JsonToken token) {
    if (token != JsonToken.START_OBJECT) {
      throw notAnObject();
    }
    state = State.FIELDS;
  }

  /** At the top level: a field's name, or its value (when {@link #field} is set), or the end of the object. */
  private void field(JsonToken token) throws IOException {
    if (field == null) {
      if (token == JsonToken.END_OBJECT) {
        state = State.DONE;
        return;
      }
      field = parser.currentName();
      if (!field.equals(JobBody.FIELD_TARGET) && !field.equals(JobBody.FIELD_MESSAGES)
          && !field.equals(JobBody.FIELD_NOTIFY) && !field.equals(JobBody.FIELD_EXPIRES_IN_MS)) {
        throw JobBody.unknownField(field);
      }
      return;
    }
    String name = field;
    field = null;
    switch (name) {
      case JobBody.FIELD_TARGET -> target = JobBody.knownTarget(targets, name, text(token, name));
      case JobBody.FIELD_NOTIFY -> notify = JobBody.notifyTarget(targets, text(token, name));
      case JobBody.FIELD_EXPIRES_IN_MS -> expiresInMs = positive(token);
      default -> {
        if (token != JsonToken.START_ARRAY) {
          throw PushRequest.invalidMessages();
        }
        messagesSeen = true;
        state = State.MESSAGES;
      }
    }
  }

  /** In {@code messages}: the start of the next message, or the array's end. */
  private void message(JsonToken token) {
    if (token == JsonToken.END_ARRAY) {
      if (count == 0) {
        throw PushRequest.invalidMessages();
      }
      state = State.FIELDS;
      return;
    }
    if (token != JsonToken.START_OBJECT) {
      throw PushRequest.notAnObject(count);
    }
    if (count == maxMessages) {
      throw JobBody.tooManyMessages(maxMessages);
    }
    // Right after the opening brace, one byte long (the non-blocking parser's token location is not its start).
    messageStart = parser.currentLocation().getByteOffset() - 1;
    messageHead = null;
    depth = 1;
    state = State.IN_MESSAGE;
  }

  private void inMessage(JsonToken token, byte[] bytes) {
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      depth++;
    } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
      depth--;
    }
    if (depth > 0) {
      return;
    }
    long messageEnd = parser.currentLocation().getByteOffset();
    if (messageEnd - messageStart > maxMessageBytes) {
      throw JobBody.messageTooLarge(JobBody.messageField(count), maxMessageBytes);
    }
    int from = (int) Math.max(0, messageStart - chunkStart);
    int to = (int) (messageEnd - chunkStart);
    Buffer message;
    if (messageHead == null) {
      message = Buffer.buffer(to - from).appendBytes(bytes, from, to - from);
    } else {
      message = messageHead.appendBytes(bytes, 0, to);
      messageHead = null;
    }
    count++;
    state = State.MESSAGES;
    sink.accept(message);
  }

  private String text(JsonToken token, String name) throws IOException {
    if (token != JsonToken.VALUE_STRING || parser.getText().isEmpty()) {
      throw GatewayException.invalid(name, name + " must be a non-empty string");
    }
    return parser.getText();
  }

  private Long positive(JsonToken token) throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        || parser.getLongValue() <= 0) {
      throw JobBody.invalidExpiresIn();
    }
    return parser.getLongValue();
  }

  private static GatewayException notAnObject() {
    return GatewayException.invalid(null, "the body must be a JSON object");
  }

  private static GatewayException malformed(JsonProcessingException e) {
    return GatewayException.invalid(null, "malformed JSON: " + e.getOriginalMessage());
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public String notifyTarget() {
    return notify;
  }

  @Override
  public Long expiresInMs() {
    return expiresInMs;
  }

  @Override
  public long heldBytes() {
    return state == State.IN_MESSAGE && messageHead != null ? messageHead.length() : 0;
  }
}
