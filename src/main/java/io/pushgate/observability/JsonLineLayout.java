package io.pushgate.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One JSON object per log line: {@code timestamp, level, thread, logger, requestId, message} and {@code error}
 * when an exception is logged. Selected with {@code -Dlogback.configurationFile=logback-json.xml}.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {

  @Override
  public String doLayout(ILoggingEvent event) {
    JsonObject line = new JsonObject()
        .put("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString())
        .put("level", event.getLevel().toString())
        .put("thread", event.getThreadName())
        .put("logger", event.getLoggerName())
        .put("requestId", RequestContext.get())
        .put("message", event.getFormattedMessage());
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      line.put("error", ThrowableProxyUtil.asString(error));
    }
    return line.encode() + CoreConstants.LINE_SEPARATOR;
  }
}
