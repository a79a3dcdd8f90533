package io.pushgate.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Collects the log events of a test, from every thread, so that a test can wait for a line or check that no ERROR
 * was logged. {@link #capture} attaches it to the root logger; {@link #close} detaches it and restores levels it
 * changed.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
  private final BlockingQueue<ILoggingEvent> arrivals = new LinkedBlockingQueue<>();
  private final Logger root;
  private final Map<Logger, Level> raised = new LinkedHashMap<>();

  private LogCapture(Logger root) {
    this.root = root;
  }

  /** Captures from now on. */
  public static LogCapture capture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogCapture capture = new LogCapture(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
    capture.setContext(context);
    capture.start();
    capture.root.addAppender(capture);
    return capture;
  }

  /**
   * Captures {@code loggers} from DEBUG up (the test config keeps io.pushgate at WARN), and only here: while
   * capturing, their lines do not reach the console.
   */
  public LogCapture debug(Class<?>... loggers) {
    for (Class<?> name : loggers) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      raised.put(logger, logger.getLevel());
      logger.setLevel(Level.DEBUG);
      logger.addAppender(this);
      logger.setAdditive(false);
    }
    return this;
  }

  @Override
  protected void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing();
    events.add(event);
    arrivals.add(event);
  }

  /** Waits up to {@code seconds} for an event {@code matching}; true when one came (or had come). */
  public boolean await(Predicate<ILoggingEvent> matching, long seconds) throws InterruptedException {
    if (events.stream().anyMatch(matching)) {
      return true;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      ILoggingEvent event = arrivals.poll(left, TimeUnit.NANOSECONDS);
      if (event != null && matching.test(event)) {
        return true;
      }
    }
    return false;
  }

  /** The events so far. */
  public List<ILoggingEvent> events() {
    return List.copyOf(events);
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
    raised.forEach((logger, level) -> {
      logger.detachAppender(this);
      logger.setAdditive(true);
      logger.setLevel(level);
    });
  }
}
