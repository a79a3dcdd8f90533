package io.pushgate.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.PushRequest;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads request bodies with a streaming parser that builds no JSON objects: each message is kept as the slice of the
 * body it occupies, so it is forwarded byte for byte as the client sent it and never re-encoded.
 */
final class PushBodyParser {

  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private PushBodyParser() {
  }

  /**
   * Reads a {@code POST /v1/push} body.
   *
   * @throws GatewayException {@code invalid_request} naming the field at fault
   */
  static PushRequest batch(Buffer body, String requestId, int maxBatch) {
    String target = PushRequest.DEFAULT_TARGET;
    List<Buffer> messages = null;
    long timeoutMs = PushRequest.NO_TIMEOUT;
    try (JsonParser parser = JSON.createParser(body.getBytes())) {
      expectObject(parser.nextToken());
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case PushRequest.FIELD_TARGET -> target = readTarget(parser, value);
          case PushRequest.FIELD_MESSAGES -> messages = readMessages(parser, value, body, maxBatch);
          case PushRequest.FIELD_TIMEOUT -> timeoutMs = readTimeout(parser, value);
          default -> throw PushRequest.unknownField(field);
        }
      }
      expectEnd(parser);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw GatewayException.invalid(null, "the body could not be read");
    }
    if (messages == null) {
      throw PushRequest.missingMessages();
    }
    return new PushRequest(requestId, target, messages, timeoutMs);
  }

  /**
   * Reads a {@code POST /v1/push/{target}} body: one JSON object, kept as sent.
   *
   * @throws GatewayException {@code invalid_request} when the body is not one JSON object
   */
  static Buffer single(Buffer body) {
    try (JsonParser parser = JSON.createParser(body.getBytes())) {
      expectObject(parser.nextToken());
      parser.skipChildren();
      expectEnd(parser);
      return body;
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw GatewayException.invalid(null, "the body could not be read");
    }
  }

  private static String readTarget(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_STRING || parser.getText().isEmpty()) {
      throw PushRequest.invalidTarget();
    }
    return parser.getText();
  }

  /** The messages, stopping at the first one past {@code maxBatch}: a body of tiny messages must not fill the heap. */
  private static List<Buffer> readMessages(JsonParser parser, JsonToken value, Buffer body, int maxBatch)
      throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw PushRequest.invalidMessages();
    }
    List<Buffer> messages = new ArrayList<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      if (token != JsonToken.START_OBJECT) {
        throw PushRequest.notAnObject(messages.size());
      }
      if (messages.size() == maxBatch) {
        throw new GatewayException(FailureCode.TOO_MANY_MESSAGES, "a request may hold at most " + maxBatch
            + " messages", PushRequest.FIELD_MESSAGES);
      }
      int start = (int) parser.currentTokenLocation().getByteOffset();
      if (start < 0) {
        // Jackson reads UTF-16 and UTF-32 through a character reader, which has no byte offsets.
        throw GatewayException.invalid(null, "the body must be JSON in UTF-8");
      }
      parser.skipChildren();
      int end = (int) parser.currentLocation().getByteOffset();
      messages.add(body.slice(start, end));
    }
    if (messages.isEmpty()) {
      throw PushRequest.invalidMessages();
    }
    return messages;
  }

  private static long readTimeout(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        || parser.getLongValue() <= 0) {
      throw PushRequest.invalidTimeout();
    }
    return parser.getLongValue();
  }

  private static void expectObject(JsonToken first) {
    if (first != JsonToken.START_OBJECT) {
      throw GatewayException.invalid(null, "the body must be a JSON object");
    }
  }

  private static void expectEnd(JsonParser parser) throws IOException {
    if (parser.nextToken() != null) {
      throw GatewayException.invalid(null, "the body must hold one JSON object and nothing after it");
    }
  }

  private static GatewayException malformed(JsonProcessingException e) {
    return GatewayException.invalid(null, "malformed JSON: " + e.getOriginalMessage());
  }
}
