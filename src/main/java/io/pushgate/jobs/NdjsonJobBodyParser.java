package io.pushgate.jobs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.pushgate.bus.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads an {@code application/x-ndjson} job body: one message, a JSON object, per line ({@code \n} or
 * {@code \r\n}); blank lines are skipped. Lines are cut by a {@link RecordParser} bounded to the per-message cap, so a
 * line longer than it is refused before it is held whole; each line is checked to be exactly one JSON object and
 * handed to the sink as sent (without its line ending). The target, {@code notify} and {@code expiresInMs} come from
 * the query string, checked before the body is read. Errors name the 1-based line: {@code line 4}.
 */
public final class NdjsonJobBodyParser implements JobBodyParser {

  private static final Buffer NEWLINE = Buffer.buffer("\n");

  private final JsonFactory json;
  private final RecordParser lines;
  private final int maxMessages;
  private final int maxMessageBytes;
  private final Consumer<Buffer> sink;
  private final String target;
  private final String notify;
  private final Long expiresInMs;
  private long lineNumber;
  /** Bytes fed, and bytes of the lines (with their line feeds) the record parser has cut from them. */
  private long fed;
  private long cut;
  private int count;
  private boolean tooLong;

  public NdjsonJobBodyParser(JsonFactory json, int maxMessages, int maxMessageBytes, String target, String notify,
                             Long expiresInMs, Consumer<Buffer> sink) {
    this.json = json;
    this.maxMessages = maxMessages;
    this.maxMessageBytes = maxMessageBytes;
    this.sink = sink;
    this.target = target;
    this.notify = notify;
    this.expiresInMs = expiresInMs;
    // One more byte than a message may have, for the \r of a CRLF line.
    this.lines = RecordParser.newDelimited(NEWLINE).maxRecordSize(maxMessageBytes + 1);
    lines.exceptionHandler(tooLongLine -> tooLong = true);
    lines.handler(this::line);
  }

  @Override
  public void feed(Buffer chunk) {
    fed += chunk.length();
    lines.handle(chunk);
    if (tooLong) {
      throw JobBody.messageTooLarge(JobBody.lineField(lineNumber + 1), maxMessageBytes);
    }
  }

  @Override
  public void end() {
    // Ends a last line that has no line feed; after one that has, this only adds a blank line, which is skipped.
    feed(NEWLINE);
    if (count == 0) {
      throw GatewayException.invalid(JobBody.FIELD_MESSAGES, "the body must hold at least one message line");
    }
  }

  private void line(Buffer line) {
    lineNumber++;
    cut += line.length() + NEWLINE.length();
    int length = line.length();
    if (length > 0 && line.getByte(length - 1) == '\r') {
      length--;
    }
    if (blank(line, length)) {
      return;
    }
    String field = JobBody.lineField(lineNumber);
    if (length > maxMessageBytes) {
      throw JobBody.messageTooLarge(field, maxMessageBytes);
    }
    Buffer message = length == line.length() ? line : line.slice(0, length);
    checkOneObject(message, field);
    if (count == maxMessages) {
      throw JobBody.tooManyMessages(maxMessages);
    }
    count++;
    sink.accept(message);
  }

  private void checkOneObject(Buffer message, String field) {
    try (JsonParser parser = json.createParser(message.getBytes())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw GatewayException.invalid(field, field + " must be one JSON object");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw GatewayException.invalid(field, field + " must hold one JSON object and nothing after it");
      }
    } catch (JsonProcessingException e) {
      throw GatewayException.invalid(field, field + " is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw GatewayException.invalid(field, field + " could not be read");
    }
  }

  private static boolean blank(Buffer line, int length) {
    for (int i = 0; i < length; i++) {
      byte b = line.getByte(i);
      if (b != ' ' && b != '\t') {
        return false;
      }
    }
    return true;
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
    return fed - cut;
  }
}
