package io.pushgate.jobs;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.BusHeaders;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job being received: reserves it in the store ({@link JobStore#beginIntake}), stores its messages in batches
 * ({@link #BATCH_MESSAGES} messages or {@link #BATCH_BYTES} bytes, whichever comes first) while its body is read,
 * hashes the body as it streams (SHA-256), and commits it, or abandons it on any failure so that nothing half-stored
 * stays visible.
 *
 * <p>With an idempotency key already held by a committed job (or taken by a racing intake), nothing is stored: the
 * body is only hashed, and {@link #finish} answers with the job that holds the key when the hashes match, else
 * fails with {@code 409 idempotency_conflict}.
 *
 * <p>Every failure of the store becomes {@code 503 store_unavailable}. Not thread-safe: one per request, used on the
 * request's context; store writes are chained, so batches are written one at a time, in order.
 */
public final class JobIntake {

  /** The most messages written to the store in one {@link JobStore#appendMessages}. */
  public static final int BATCH_MESSAGES = 2000;
  /** The most message bytes held before they are written to the store. */
  public static final long BATCH_BYTES = 4L * 1024 * 1024;
  /** The longest {@code Idempotency-Key} accepted ({@link #checkIdempotencyKey}). */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 256;

  private static final Logger LOG = LoggerFactory.getLogger(JobIntake.class);

  private final JobStore store;
  private final String jobId;
  private final String idempotencyKey;
  /** The job holding the key, when this intake only checks a retry; {@code null} when storing. */
  private final KnownJob known;
  private final boolean replay;
  private final MessageDigest sha256 = sha256();
  private List<Buffer> batch = new ArrayList<>();
  private long batchBytes;
  private int count;
  private Future<Void> writes = Future.succeededFuture();
  private boolean closed;

  private JobIntake(JobStore store, String jobId, String idempotencyKey, KnownJob known, boolean replay) {
    this.store = store;
    this.jobId = jobId;
    this.idempotencyKey = idempotencyKey;
    this.known = known;
    this.replay = replay;
  }

  /**
   * Starts receiving job {@code jobId}: looks its idempotency key up first, when it has one.
   *
   * @param target the target, or {@code null} when the body names it later
   * @param idempotencyKey the caller's key, already checked by {@link #checkIdempotencyKey}, or {@code null}
   */
  public static Future<JobIntake> open(JobStore store, String jobId, String target, String idempotencyKey) {
    Future<KnownJob> lookup = idempotencyKey == null ? Future.succeededFuture()
        : store.findByIdempotencyKey(idempotencyKey).map(found -> found.orElse(null));
    return lookup.compose(found -> {
      if (found != null) {
        return Future.succeededFuture(new JobIntake(store, found.job().jobId(), idempotencyKey, found, true));
      }
      return store.beginIntake(new NewJob(jobId, target, idempotencyKey))
          .map(begun -> new JobIntake(store, jobId, idempotencyKey, null, false))
          .recover(failure -> failure instanceof IdempotencyKeyTaken
              ? Future.succeededFuture(new JobIntake(store, jobId, idempotencyKey, null, true))
              : Future.failedFuture(failure));
    }).recover(failure -> Future.failedFuture(storeFailure("begin", jobId, failure)));
  }

  /**
   * The one check of an idempotency key, for HTTP ({@code Idempotency-Key}) and the bus
   * ({@link BusHeaders#IDEMPOTENCY_KEY}) alike: absent, or 1 to {@link #MAX_IDEMPOTENCY_KEY_LENGTH} characters.
   *
   * @throws GatewayException {@code 400 invalid_request} naming {@code Idempotency-Key}
   */
  public static void checkIdempotencyKey(String key) {
    if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      throw GatewayException.invalid(BusHeaders.IDEMPOTENCY_KEY,
          "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
    }
  }

  /** Whether the messages are stored, rather than only hashed against a job that holds the key. */
  public boolean storing() {
    return !replay;
  }

  /** Hashes the next raw bytes of the body, as they arrived. */
  public void digest(Buffer bytes) {
    sha256.update(bytes.getBytes());
  }

  /** Takes the next message; {@link #batchFull()} then says whether to {@link #flush()} before reading on. */
  public void add(Buffer message) {
    count++;
    if (replay) {
      return;
    }
    batch.add(message);
    batchBytes += message.length();
  }

  /** Whether the messages held make a batch: write them ({@link #flush()}) before reading more of the body. */
  public boolean batchFull() {
    return batch.size() >= BATCH_MESSAGES || batchBytes >= BATCH_BYTES;
  }

  /**
   * The bytes of the messages held and not yet handed to the store by {@link #flush()}; 0 for a retry, which holds
   * none. A batch being written is held by the store's write until the flush's future completes.
   */
  public long heldBytes() {
    return batchBytes;
  }

  /** Writes the messages held, after the writes before; fails with {@code 503 store_unavailable}. */
  public Future<Void> flush() {
    if (batch.isEmpty()) {
      return writes;
    }
    List<Buffer> bodies = batch;
    int firstIndex = count - bodies.size();
    batch = new ArrayList<>();
    batchBytes = 0;
    writes = writes.compose(v -> store.appendMessages(jobId, firstIndex, bodies))
        .recover(failure -> Future.failedFuture(storeFailure("append to", jobId, failure)));
    return writes;
  }

  /**
   * The body is read: writes what is left and commits the job, answering with it as queued; or, for a retry of a
   * known idempotency key, answers with the job holding it when the body's hash is the same. Abandons the job when the
   * commit fails.
   */
  public Future<JobView> finish(String target, String notify, Long expiresInMs) {
    String hash = HexFormat.of().formatHex(sha256.digest());
    if (replay) {
      return (known != null ? Future.succeededFuture(known) : store.findByIdempotencyKey(idempotencyKey)
          .recover(failure -> Future.failedFuture(storeFailure("look up", jobId, failure)))
          .map(found -> found.orElse(null)))
          .compose(holder -> sameBody(holder, hash));
    }
    closed = true;
    return flush()
        .compose(v -> store.commitIntake(jobId, target, notify, count, hash, expiresInMs)
            .recover(failure -> Future.failedFuture(storeFailure("commit", jobId, failure))))
        .onFailure(failure -> abandonNow());
  }

  private Future<JobView> sameBody(KnownJob holder, String hash) {
    if (holder == null) {
      return Future.failedFuture(new GatewayException(FailureCode.IDEMPOTENCY_CONFLICT,
          "a job with this Idempotency-Key is still being received; try again once it is accepted",
          BusHeaders.IDEMPOTENCY_KEY));
    }
    if (!holder.bodyHash().equals(hash)) {
      return Future.failedFuture(new GatewayException(FailureCode.IDEMPOTENCY_CONFLICT,
          "this Idempotency-Key was used by job " + holder.job().jobId() + " with another body",
          BusHeaders.IDEMPOTENCY_KEY));
    }
    return Future.succeededFuture(holder.job());
  }

  /**
   * The body will not be committed (it was bad, or its client went away): deletes what was stored, after the writes
   * in flight; best effort. Does nothing for a retry, or once done.
   */
  public void abandon() {
    if (closed) {
      return;
    }
    closed = true;
    abandonNow();
  }

  private void abandonNow() {
    if (replay) {
      return;
    }
    batch = new ArrayList<>();
    batchBytes = 0;
    writes.transform(written -> store.abandonIntake(jobId))
        .onFailure(failure -> LOG.warn("job {}: could not abandon its intake ({}); the store's purge removes it",
            jobId, failure.toString()));
  }

  /** The job's id (for a retry, the id of the job holding the key). */
  public String jobId() {
    return jobId;
  }

  /** Tells this node's job runner that there is work (a job committed or cancelled). */
  public static void wakeRunners(Vertx vertx) {
    vertx.eventBus().publish(Addresses.JOBS_WAKE, null, new DeliveryOptions().setLocalOnly(true));
  }

  /** Any failure of a store step as the caller sees it: our own refusals as they are, else 503. */
  public static GatewayException storeFailure(String step, String jobId, Throwable failure) {
    if (failure instanceof GatewayException gateway) {
      return gateway;
    }
    LOG.warn("job {}: could not {} the job store: {}", jobId, step, failure.toString());
    return new GatewayException(FailureCode.STORE_UNAVAILABLE,
        "the job store is unavailable; nothing was accepted, try again later");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
