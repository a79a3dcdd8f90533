package io.pushgate.jobs;

import com.fasterxml.jackson.core.JsonFactory;
import io.pushgate.bus.Addresses;
import io.pushgate.bus.BusHeaders;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.config.TargetKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public event-bus job API, {@link Addresses#JOBS_SUBMIT}: what {@code POST /v1/jobs} is for HTTP, for verticles.
 * Consumes a {@link JsonObject} shaped like the JSON body ({@code target}, default {@code default}; {@code messages},
 * a non-empty array of JSON objects; optional {@code notify} and {@code expiresInMs}) and an optional
 * {@link BusHeaders#IDEMPOTENCY_KEY} header (1 to 256 characters, as over HTTP); stores the job ({@link JobIntake})
 * and replies, once every message is stored, with the {@code 202} body ({@link JobView#acceptedJson()}). Refusals fail the message with a
 * {@link io.vertx.core.eventbus.ReplyException} whose {@code failureCode()} is the HTTP status and whose message is
 * the JSON error: 400 {@code invalid_request} / {@code unknown_target}, 409 {@code idempotency_conflict}, 413
 * {@code too_many_messages} / {@code payload_too_large}, 503 {@code draining} / {@code store_unavailable}. This is
 * the boundary that answers, so it logs each refusal once. Not thread-safe: one per verticle.
 */
public final class JobSubmitApi {

  private static final Logger LOG = LoggerFactory.getLogger(JobSubmitApi.class);

  private final Vertx vertx;
  private final JobStore store;
  private final Map<String, TargetKind> targets;
  private final int maxMessages;
  private final int maxMessageBytes;
  private final BooleanSupplier draining;
  private final JobIds ids = new JobIds();
  private final JsonFactory json;

  /**
   * @param maxMessages {@code jobs.maxMessages}
   * @param maxMessageBytes the most bytes one message's JSON may have ({@code http.maxBodyBytes})
   * @param draining whether the gateway is shutting down
   */
  public JobSubmitApi(Vertx vertx, JobStore store, Map<String, TargetKind> targets, int maxMessages, int maxMessageBytes,
                      BooleanSupplier draining) {
    this.vertx = vertx;
    this.store = store;
    this.targets = Map.copyOf(targets);
    this.maxMessages = maxMessages;
    this.maxMessageBytes = maxMessageBytes;
    this.draining = draining;
    this.json = JsonJobBodyParser.factory(maxMessageBytes);
  }

  public void handle(Message<Object> message) {
    submit(message).onComplete(result -> {
      if (result.succeeded()) {
        message.reply(result.result().acceptedJson());
      } else {
        GatewayException refusal = GatewayException.from(result.cause());
        LOG.info("{} error={} {}", Addresses.JOBS_SUBMIT, refusal.code().error(), refusal.getMessage());
        refusal.failReply(message);
      }
    });
  }

  private Future<JobView> submit(Message<Object> message) {
    String key = message.headers().get(BusHeaders.IDEMPOTENCY_KEY);
    List<Buffer> messages = new ArrayList<>();
    JsonJobBodyParser parser = new JsonJobBodyParser(json, targets, maxMessages, maxMessageBytes, messages::add);
    Buffer body;
    try {
      if (draining.getAsBoolean()) {
        throw new GatewayException(FailureCode.DRAINING, "the gateway is shutting down; try another node");
      }
      if (!(message.body() instanceof JsonObject object)) {
        throw GatewayException.invalid(null, "the message body must be a JSON object");
      }
      body = encoded(object);
      // The HTTP API's own parser: one set of checks, fields and messages for both ways in.
      parser.feed(body);
      parser.end();
      JobIntake.checkIdempotencyKey(key);
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    }
    return JobIntake.open(store, ids.next(), parser.target(), key).compose(intake -> {
      intake.digest(body);
      for (Buffer bytes : messages) {
        intake.add(bytes);
        if (intake.batchFull()) {
          intake.flush();
        }
      }
      return intake.finish(parser.target(), parser.notifyTarget(), parser.expiresInMs()).onSuccess(view -> {
        if (intake.storing()) {
          JobIntake.wakeRunners(vertx);
        }
      });
    });
  }

  private static Buffer encoded(JsonObject body) {
    try {
      return body.toBuffer();
    } catch (RuntimeException e) {
      // A value JSON has no form for is the caller's mistake, as in pushgate.push.
      throw GatewayException.invalid(JobBody.FIELD_MESSAGES, "every message must be encodable as JSON");
    }
  }
}
