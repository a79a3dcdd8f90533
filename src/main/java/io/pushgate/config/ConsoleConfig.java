package io.pushgate.config;

import io.vertx.core.json.JsonObject;

/**
 * The live console in the browser ({@code console.*}): the page at {@code /console} and its event stream,
 * {@code GET /v1/console/events}.
 *
 * @param enabled whether to serve both; when false, both are {@code 404 not_found}
 */
public record ConsoleConfig(boolean enabled) {

  /** Reads a section checked by {@link ConfigValidator}. */
  public static ConsoleConfig fromJson(JsonObject json) {
    return new ConsoleConfig(json.getBoolean("enabled"));
  }
}
