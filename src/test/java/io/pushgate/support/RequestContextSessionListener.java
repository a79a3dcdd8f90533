package io.pushgate.support;

import io.pushgate.observability.RequestContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Registers the request-id context local before any test builds a {@code Vertx}, as {@code Main} does before it
 * builds its own: Vert.x 5.0.7 cannot write a local registered after a {@code Vertx} exists.
 */
public final class RequestContextSessionListener implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    RequestContext.init();
  }
}
