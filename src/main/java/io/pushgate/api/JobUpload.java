package io.pushgate.api;

import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.jobs.JobBodyParser;
import io.pushgate.jobs.JobIntake;
import io.pushgate.observability.GatewayState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code POST /v1/jobs} body read as it arrives: each chunk is hashed and parsed, each message handed to the
 * {@link JobIntake}; when the intake holds a batch, the request is paused until the batch is stored, so a fast client
 * cannot pile messages up in memory.
 *
 * <p>What the upload buffers (the intake's batch and the parser's partial message) is taken from the node's body
 * budget ({@code http.maxBodyBytesInFlight}): each chunk is taken as it arrives, and what is not held once it is
 * parsed, or once a batch is stored, is given back. A chunk that does not fit first sends the batch held to the store
 * early; when nothing is left to free, the upload is {@code 429 overloaded}. When the upload ends (answered, refused
 * or abandoned) it gives back all it holds, and the upload slot ({@link ClientLimits#MAX_JOB_UPLOADS}) its route took
 * for it, once.
 *
 * <p>Between chunks the body must keep arriving: a gap longer than
 * {@code http.requestReadTimeoutMs} (not counting the time the request is paused for the store) is
 * {@code 408 request_timeout}. On a bad body, a store failure or the client going away, the intake is abandoned and
 * the error answered (when someone is left to read it) with the connection closed, so the rest of the body is never
 * read. Confined to the request's event loop.
 */
final class JobUpload {

  private static final Logger LOG = LoggerFactory.getLogger(JobUpload.class);

  private final Vertx vertx;
  private final ClientLimits limits;
  private final RoutingContext ctx;
  private final JobIntake intake;
  private final JobBodyParser parser;
  private final long readTimeoutMs;
  private final GatewayState state;
  private long timer = -1;
  /** The body has ended: what is left is the commit, which the client going away does not stop. */
  private boolean bodyRead;
  /** Failed or abandoned: nothing more to do. */
  private boolean done;
  /** Body bytes taken from the node's budget: what is buffered, more only until {@link #settle()}. */
  private long taken;
  /** The budget and the upload slot are given back. */
  private boolean released;

  /** Takes over the upload slot its route took from {@code limits}: {@link #start()} gives it back at the end. */
  JobUpload(Vertx vertx, ClientLimits limits, RoutingContext ctx, JobIntake intake,
            Function<Consumer<Buffer>, JobBodyParser> parsers, long readTimeoutMs, GatewayState state) {
    this.vertx = vertx;
    this.limits = limits;
    this.ctx = ctx;
    this.intake = intake;
    this.parser = parsers.apply(intake::add);
    this.readTimeoutMs = readTimeoutMs;
    this.state = state;
  }

  void start() {
    HttpServerRequest request = ctx.request();
    if (ctx.response().closed()) {
      // Gone while the intake was being opened.
      done = true;
      intake.abandon();
      release();
      return;
    }
    ctx.response().closeHandler(v -> clientGone());
    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))
        && request.version() != HttpVersion.HTTP_1_0) {
      ctx.response().writeContinue();
    }
    if (request.isEnded()) {
      end(null);
      return;
    }
    request.handler(this::chunk).endHandler(this::end).exceptionHandler(this::failed);
    arm();
    request.resume();
  }

  private void chunk(Buffer chunk) {
    if (done) {
      return;
    }
    disarm();
    if (limits.bodies.tryTake(chunk.length())) {
      read(chunk);
    } else if (intake.heldBytes() > 0) {
      // Frees what this upload holds before refusing it: its batch goes to the store early.
      store(() -> {
        if (limits.bodies.tryTake(chunk.length())) {
          read(chunk);
        } else {
          refuse(overBudget());
        }
      });
    } else {
      refuse(overBudget());
    }
  }

  /** Parses a chunk whose bytes are taken; stores the batch when it is full, then reads on. */
  private void read(Buffer chunk) {
    taken += chunk.length();
    intake.digest(chunk);
    try {
      parser.feed(chunk);
    } catch (GatewayException e) {
      refuse(e);
      return;
    }
    settle();
    if (intake.batchFull()) {
      store(this::readOn);
    } else {
      readOn();
    }
  }

  private void readOn() {
    arm();
    ctx.request().resume();
  }

  /** Pauses the body while the intake's batch is written, then runs {@code then}; refuses when the write fails. */
  private void store(Runnable then) {
    ctx.request().pause();
    intake.flush().onComplete(stored -> {
      if (done) {
        return;
      }
      settle();
      if (stored.failed()) {
        refuse(GatewayException.from(stored.cause()));
        return;
      }
      then.run();
    });
  }

  /** Gives back what was taken beyond what is held now. Only while no batch is being written (it holds its bytes). */
  private void settle() {
    long held = intake.heldBytes() + parser.heldBytes();
    if (taken > held) {
      limits.bodies.giveBack(taken - held);
      taken = held;
    }
  }

  /** Gives back all the body bytes taken and the upload slot: once, when the upload is over. */
  private void release() {
    if (released) {
      return;
    }
    released = true;
    limits.bodies.giveBack(taken);
    taken = 0;
    limits.jobUploads.giveBack(1);
  }

  private static GatewayException overBudget() {
    return BodyReader.overloaded("too many request bodies are being read");
  }

  private void end(Void v) {
    if (done) {
      return;
    }
    disarm();
    try {
      parser.end();
    } catch (GatewayException e) {
      refuse(e);
      return;
    }
    bodyRead = true;
    // The answer counts for the drain from here, as a push request's does once its body is read.
    state.requestStarted();
    ctx.addEndHandler(ended -> state.requestEnded());
    intake.finish(parser.target(), parser.notifyTarget(), parser.expiresInMs()).onComplete(result -> {
      done = true;
      release();
      if (result.failed()) {
        ErrorResponses.send(ctx, GatewayException.from(result.cause()));
        return;
      }
      if (intake.storing()) {
        JobIntake.wakeRunners(vertx);
      }
      JobRoutes.accepted(ctx, result.result(), intake.storing());
    });
  }

  private void failed(Throwable cause) {
    if (done || bodyRead) {
      return;
    }
    if (ErrorResponses.isConnectionLost(cause)) {
      LOG.debug("request {}: the client went away before its job's body was read ({})", RequestIdHandler.of(ctx),
          cause.toString());
      clientGone();
      return;
    }
    if (ErrorResponses.isUndecodable(cause)) {
      refuse(GatewayException.invalid(null, "the request's HTTP framing could not be read"));
      return;
    }
    done = true;
    disarm();
    intake.abandon();
    release();
    ctx.fail(cause);
  }

  private void clientGone() {
    if (done || bodyRead) {
      return;
    }
    done = true;
    disarm();
    intake.abandon();
    release();
  }

  /** Abandons the job and answers {@code failure}, closing the connection so the rest of the body is not read. */
  private void refuse(GatewayException failure) {
    done = true;
    disarm();
    intake.abandon();
    release();
    if (!ctx.response().closed()) {
      ErrorResponses.sendAndClose(ctx, failure);
    }
  }

  private void arm() {
    timer = vertx.setTimer(readTimeoutMs, id -> {
      timer = -1;
      refuse(new GatewayException(FailureCode.REQUEST_TIMEOUT,
          "the body stopped arriving for longer than http.requestReadTimeoutMs"));
    });
  }

  private void disarm() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
