package io.pushgate.api;

import io.pushgate.observability.Budget;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The live console, mounted when {@code console.enabled}: the page, {@code GET /console/} (plain HTML, CSS and ES
 * modules from the jar; {@code /console} redirects there), and its data, {@code GET /v1/console/events}
 * ({@link ConsoleEventStream}). The page's files hold no data, so they are served to anyone; the data comes only
 * through {@code /v1/}, where {@link ApiKeyAuth} asks for the key like anywhere else in the API. The page is sent
 * with a Content Security Policy that lets it load and call nothing but this gateway, and never be framed.
 */
final class ConsoleRoutes {

  static final String PAGE = "/console";
  static final String EVENTS = "/v1/console/events";
  /**
   * Where the page's files are on the classpath. Not a plain {@code console}: Vert.x looks for a relative web root in
   * the working directory before the classpath, and a folder of that name there would be served instead.
   */
  static final String WEB_ROOT = "io/pushgate/console";
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

  private final StaticHandler files = StaticHandler.create(WEB_ROOT)
      // Revalidated on every load, so that a new version of the gateway never runs last version's page.
      .setCachingEnabled(false)
      .setDirectoryListing(false);
  private final ConsoleEventStream events;

  ConsoleRoutes(Vertx vertx, ConsoleSnapshots snapshots, Budget streams) {
    this.events = new ConsoleEventStream(vertx, snapshots, streams);
  }

  void mount(Router router) {
    router.get(PAGE).handler(ConsoleRoutes::toThePage);
    router.route(PAGE + "/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ConsoleRoutes::pageHeaders).handler(files);
    router.get(EVENTS).handler(events::handle);
  }

  /**
   * {@code /console} to {@code /console/}, where the page's relative links work. Vert.x routes {@code /console/} here
   * too: that one goes on to the files. The location is relative, so that it works behind a proxy that serves the
   * gateway under a path of its own.
   */
  private static void toThePage(RoutingContext ctx) {
    if (ctx.request().path().endsWith("/")) {
      ctx.next();
      return;
    }
    ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "console/").end();
  }

  private static void pageHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    ctx.next();
  }
}
