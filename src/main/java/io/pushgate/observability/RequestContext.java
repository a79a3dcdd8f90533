package io.pushgate.observability;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * The request id of the work running now, kept in Vert.x context-local storage. Each HTTP request and each
 * event-bus message runs on its own duplicated context, so this follows a request across callbacks on an event
 * loop, where a ThreadLocal MDC would mix requests up.
 *
 * <p>{@link #init()} must run before the first {@code Vertx} is built: Vert.x 5.0.7 sizes context storage when a
 * {@code Vertx} is created, and a local registered later cannot be written.
 */
public final class RequestContext {

  private static final ContextLocal<String> REQUEST_ID = ContextLocal.registerLocal(String.class);

  private RequestContext() {
  }

  /** Registers the context local; call before building any {@code Vertx}. */
  public static void init() {
    // Loading the class registers REQUEST_ID; nothing else to do.
  }

  /** Tags the current (duplicated) context with {@code requestId}; does nothing off a Vert.x thread. */
  public static void set(String requestId) {
    Context context = Vertx.currentContext();
    if (context != null && requestId != null) {
      REQUEST_ID.put(context, requestId);
    }
  }

  /** The current request id, or {@code null}. */
  public static String get() {
    Context context = Vertx.currentContext();
    return context == null ? null : REQUEST_ID.get(context);
  }
}
