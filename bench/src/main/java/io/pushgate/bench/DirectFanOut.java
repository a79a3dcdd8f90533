package io.pushgate.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The raw Vert.x WebClient fan-out of the {@code direct} rows and of the direct sweep: {@code shape.verticles()}
 * {@link DirectSenderVerticle}s, each with its own client of {@code shape.poolSize()} connections, sharing
 * {@code shape.inFlight()} requests in flight evenly between them, no pipelining. Deployed once and kept, so that
 * its connections stay open between runs. Run from the load generator's main thread.
 */
final class DirectFanOut {

  /**
   * How the fan-out is set up.
   *
   * @param verticles senders, each on its own event loop (Vert.x assigns them round robin)
   * @param inFlight requests in flight in all, split evenly between the senders
   * @param poolSize connections of each sender's client
   */
  record Shape(int verticles, int inFlight, int poolSize) {

    Shape {
      if (verticles < 1 || poolSize < 1 || inFlight < verticles || inFlight % verticles != 0) {
        throw new IllegalArgumentException("a fan-out needs verticles >= 1, pool >= 1 and in-flight a multiple of "
            + "the verticles, got " + verticles + " verticles, " + inFlight + " in flight, pool " + poolSize);
      }
    }

    int inFlightPerVerticle() {
      return inFlight / verticles;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d verticle(s), %d in flight, pool %d per verticle", verticles, inFlight,
          poolSize);
    }
  }

  private final Shape shape;
  private final List<DirectSenderVerticle> senders;

  private DirectFanOut(Shape shape, List<DirectSenderVerticle> senders) {
    this.shape = shape;
    this.senders = List.copyOf(senders);
  }

  /** Deploys the senders of {@code shape}, pointed at the sink on {@code sinkPort}. Blocks until they are up. */
  static DirectFanOut deploy(Vertx vertx, int sinkPort, Shape shape) {
    List<DirectSenderVerticle> senders = new ArrayList<>();
    for (int i = 0; i < shape.verticles(); i++) {
      DirectSenderVerticle sender = new DirectSenderVerticle(sinkPort, shape.poolSize(), shape.inFlightPerVerticle());
      vertx.deployVerticle(sender).await();
      senders.add(sender);
    }
    return new DirectFanOut(shape, senders);
  }

  Shape shape() {
    return shape;
  }

  /** Sends {@code messages} messages split over the senders, which run in parallel; timed around all of them. */
  Measurement run(long messages, long firstSeq) {
    List<Future<LoadRecorder>> runs = new ArrayList<>();
    int count = senders.size();
    long startNanos = System.nanoTime();
    long seq = firstSeq;
    for (int i = 0; i < count; i++) {
      long share = messages / count + (i < messages % count ? 1 : 0);
      runs.add(senders.get(i).run(share, seq));
      seq += share;
    }
    Future.all(runs).await();
    long elapsedNanos = System.nanoTime() - startNanos;
    LoadRecorder merged = new LoadRecorder();
    runs.forEach(run -> merged.add(run.result()));
    return merged.measurement(messages, elapsedNanos);
  }
}
