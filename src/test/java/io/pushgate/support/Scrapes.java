package io.pushgate.support;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples from a gateway's {@code /metrics} (Prometheus text), and waits for a scrape that shows a state. */
public final class Scrapes {

  /** Scrapes {@link #until} takes at most, {@value #POLL_MS} ms apart: a 5 s bound. */
  private static final int MAX_SCRAPES = 250;
  private static final long POLL_MS = 20;

  private Scrapes() {
  }

  /**
   * Scrapes {@code gateway} until a scrape satisfies {@code done} and returns it; fails with the last scrape after
   * {@value #MAX_SCRAPES}. For what the gateway does after a client has gone, which no answer announces. Call on the
   * JUnit thread.
   */
  public static String until(Vertx vertx, TestGateway gateway, Predicate<String> done) {
    String scrape = "";
    for (int i = 0; i < MAX_SCRAPES; i++) {
      scrape = gateway.get("/metrics").await().bodyAsString();
      if (done.test(scrape)) {
        return scrape;
      }
      Promise<Void> tick = Promise.promise();
      vertx.setTimer(POLL_MS, id -> tick.complete());
      tick.future().await();
    }
    throw new AssertionError("no scrape showed the expected state; the last:\n" + scrape);
  }

  /** The sample {@code name{labels}} ({@code name} alone when {@code labels} is empty), or null when absent. */
  public static Double find(String scrape, String name, String labels) {
    String sample = labels.isEmpty() ? name : name + "{" + labels + "}";
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(scrape);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : null;
  }

  /** {@link #find}, 0 when absent (a counter that never moved). */
  public static double value(String scrape, String name, String labels) {
    Double value = find(scrape, name, labels);
    return value == null ? 0 : value;
  }

  /** The sum of every sample of {@code name}, whatever its labels. */
  public static double sum(String scrape, String name) {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(scrape);
    double sum = 0;
    while (matcher.find()) {
      sum += Double.parseDouble(matcher.group(2));
    }
    return sum;
  }
}
