package io.pushgate.api;

import io.vertx.ext.web.RoutingContext;

/** The path the router matches on, for the handlers that run before the routes. */
final class RequestPaths {

  private RequestPaths() {
  }

  /**
   * The normalised path ({@code /./v1/push}, {@code //v1/push} and {@code /%761/push} are all {@code /v1/push}), or
   * the raw one when it cannot be decoded; the router then refuses it with 400 or 404.
   */
  static String of(RoutingContext ctx) {
    try {
      return ctx.normalizedPath();
    } catch (IllegalArgumentException undecodable) {
      return ctx.request().path();
    }
  }
}
