package io.pushgate.observability;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback converter for {@code %requestId}: the id of the request being handled on the logging thread's Vert.x
 * context, or {@code -}. Runs on the thread that logs, so it must stay behind a synchronous appender.
 */
public final class RequestIdConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    String id = RequestContext.get();
    return id == null ? "-" : id;
  }
}
