package io.pushgate.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Request bodies for tests: {@code {"messages":[{"user_id":"0","message":"Hello 0"}, ...]}}. */
public final class TestBatches {

  private TestBatches() {
  }

  /** A batch of {@code size} messages for the default target. */
  public static JsonObject of(int size) {
    JsonArray messages = new JsonArray();
    for (int i = 0; i < size; i++) {
      messages.add(new JsonObject().put("user_id", String.valueOf(i)).put("message", "Hello " + i));
    }
    return new JsonObject().put("messages", messages);
  }

  /** A batch of {@code size} messages for {@code target}. */
  public static JsonObject of(String target, int size) {
    return of(size).put("target", target);
  }
}
