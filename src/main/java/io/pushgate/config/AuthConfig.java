package io.pushgate.config;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * API authentication ({@code auth.*}).
 *
 * @param apiKeys the keys accepted in {@code Authorization: Bearer <key>} on {@code /v1/*}; empty means no
 *     authentication. Secrets: never log them.
 */
public record AuthConfig(List<String> apiKeys) {

  public AuthConfig {
    apiKeys = List.copyOf(apiKeys);
  }

  /** Reads a section checked by {@link ConfigValidator}. */
  public static AuthConfig fromJson(JsonObject json) {
    List<String> keys = new ArrayList<>();
    json.getJsonArray("apiKeys").forEach(key -> keys.add((String) key));
    return new AuthConfig(keys);
  }

  @Override
  public String toString() {
    return "AuthConfig[apiKeys=" + apiKeys.size() + " redacted]";
  }
}
