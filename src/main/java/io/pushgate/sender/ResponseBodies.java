package io.pushgate.sender;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** Cuts a target's response body to the configured size and tells whether it is JSON, without building objects. */
final class ResponseBodies {

  private static final JsonFactory JSON = new JsonFactory();

  private ResponseBodies() {
  }

  /** {@code body}, or its first {@code maxBytes} bytes ending on a whole UTF-8 character. */
  static Buffer cut(Buffer body, int maxBytes) {
    if (body.length() <= maxBytes) {
      return body;
    }
    int end = maxBytes;
    // Step back over UTF-8 continuation bytes (10xxxxxx) so that no character is split.
    while (end > 0 && (body.getByte(end) & 0xC0) == 0x80) {
      end--;
    }
    return body.slice(0, end);
  }

  /** Whether {@code body} holds exactly one JSON value. */
  static boolean isJson(Buffer body) {
    if (body.length() == 0) {
      return false;
    }
    byte[] bytes = body.getBytes();
    try (JsonParser parser = JSON.createParser(bytes)) {
      if (parser.nextToken() == null) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
