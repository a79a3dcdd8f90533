package io.pushgate.jobs;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.BusHeaders;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.PushRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
  private final Set<String> targets;
  private final int maxMessages;
  private final int maxMessageBytes;
  private final BooleanSupplier draining;
  private final JobIds ids = new JobIds();

  /**
   * @param maxMessages {@code jobs.maxMessages}
   * @param maxMessageBytes the most bytes one message's JSON may have ({@code http.maxBodyBytes})
   * @param draining whether the gateway is shutting down
   */
  public JobSubmitApi(Vertx vertx, JobStore store, Set<String> targets, int maxMessages, int maxMessageBytes,
                      BooleanSupplier draining) {
    this.vertx = vertx;
    this.store = store;
    this.targets = Set.copyOf(targets);
    this.maxMessages = maxMessages;
    this.maxMessageBytes = maxMessageBytes;
    this.draining = draining;
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
    Parsed job;
    String key = message.headers().get(BusHeaders.IDEMPOTENCY_KEY);
    try {
      if (draining.getAsBoolean()) {
        throw new GatewayException(FailureCode.DRAINING, "the gateway is shutting down; try another node");
      }
      if (!(message.body() instanceof JsonObject body)) {
        throw GatewayException.invalid(null, "the message body must be a JSON object");
      }
      job = parse(body);
      JobIntake.checkIdempotencyKey(key);
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    }
    return JobIntake.open(store, ids.next(), job.target, key).compose(intake -> {
      intake.digest(job.hashed);
      for (Buffer body : job.messages) {
        intake.add(body);
        if (intake.batchFull()) {
          intake.flush();
        }
      }
      return intake.finish(job.target, job.notifyTarget, job.expiresInMs).onSuccess(view -> {
        if (intake.storing()) {
          JobIntake.wakeRunners(vertx);
        }
      });
    });
  }

  private record Parsed(String target, String notifyTarget, Long expiresInMs, List<Buffer> messages, Buffer hashed) {
  }

  private Parsed parse(JsonObject body) {
    String target = PushRequest.DEFAULT_TARGET;
    String notify = null;
    Long expiresInMs = null;
    List<Buffer> messages = null;
    for (String field : body.fieldNames()) {
      Object value = body.getValue(field);
      switch (field) {
        case JobBody.FIELD_TARGET -> target = JobBody.knownTarget(targets, field, text(field, value));
        case JobBody.FIELD_NOTIFY -> notify = JobBody.knownTarget(targets, field, text(field, value));
        case JobBody.FIELD_EXPIRES_IN_MS -> expiresInMs = positive(value);
        case JobBody.FIELD_MESSAGES -> messages = messages(value);
        default -> throw JobBody.unknownField(field);
      }
    }
    if (messages == null) {
      throw PushRequest.missingMessages();
    }
    JobBody.knownTarget(targets, JobBody.FIELD_TARGET, target);
    try {
      return new Parsed(target, notify, expiresInMs, messages, body.toBuffer());
    } catch (RuntimeException e) {
      throw GatewayException.invalid(JobBody.FIELD_MESSAGES, "every message must be encodable as JSON");
    }
  }

  private List<Buffer> messages(Object value) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw PushRequest.invalidMessages();
    }
    if (array.size() > maxMessages) {
      throw JobBody.tooManyMessages(maxMessages);
    }
    List<Buffer> messages = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject message)) {
        throw PushRequest.notAnObject(i);
      }
      Buffer bytes;
      try {
        bytes = message.toBuffer();
      } catch (RuntimeException e) {
        throw GatewayException.invalid(JobBody.messageField(i), "every message must be encodable as JSON");
      }
      if (bytes.length() > maxMessageBytes) {
        throw JobBody.messageTooLarge(JobBody.messageField(i), maxMessageBytes);
      }
      messages.add(bytes);
    }
    return messages;
  }

  private static String text(String field, Object value) {
    if (!(value instanceof String text) || text.isEmpty()) {
      throw GatewayException.invalid(field, field + " must be a non-empty string");
    }
    return text;
  }

  private static Long positive(Object value) {
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() <= 0) {
      throw JobBody.invalidExpiresIn();
    }
    return ((Number) value).longValue();
  }
}
