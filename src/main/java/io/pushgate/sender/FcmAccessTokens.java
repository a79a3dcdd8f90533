package io.pushgate.sender;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The OAuth2 access token of one FCM target on one node, shared by every sender of the node: fetched once, used by
 * every message until it is old, refreshed before it expires, one fetch in flight at a time.
 *
 * <p>A token of lifetime {@code L} (Google's: one hour) is used as it is until {@code min(5 min, L/2)} before it
 * expires; then a timer fetches the next one in the background, while the old one is still used (should the timer's
 * fetch fail, the next caller starts another). From {@code min(1 min, L/3)} before it expires it is not used at all:
 * callers wait for the new one, so that no request reaches the provider with a token about to lapse on the way. A
 * token the provider refused ({@link #invalidate}) is dropped, and the next caller fetches a new one: once, however
 * many messages carried the refused token. A failed fetch fails its waiters, and the next fetch starts no sooner than
 * {@value #RETRY_FETCH_AFTER_MS} ms later (callers meanwhile get the same failure), so that a token endpoint that is
 * down is not asked once per message.
 *
 * <p>Thread-safe: senders call it from their own event loops; its state is guarded by its monitor, and every future
 * it returns completes on the caller's context.
 */
final class FcmAccessTokens {

  /** How long a failed fetch is the answer before another is tried, in milliseconds. */
  static final long RETRY_FETCH_AFTER_MS = 1000;
  /** The shortest token lifetime taken: anything shorter counts as a failed fetch. */
  static final long MIN_LIFETIME_MS = 2 * RETRY_FETCH_AFTER_MS;
  private static final long SOFT_MARGIN_MAX_MS = 5 * 60_000;
  private static final long HARD_MARGIN_MAX_MS = 60_000;

  /**
   * An access token.
   *
   * @param value the bearer token
   * @param lifetimeMs how long it lasts from when it was asked for ({@code expires_in}), in milliseconds
   */
  record Token(String value, long lifetimeMs) {
    @Override
    public String toString() {
      return "Token[***, lifetimeMs=" + lifetimeMs + "]";
    }
  }

  /** A token as held: its times on this node's clock, from when it was asked for (the cautious side). */
  private record Held(String value, long softAtMs, long hardAtMs) {
  }

  /** Runs a task later: Vert.x timers in the gateway, the test's hand in tests. */
  interface Scheduler {
    /** Runs {@code task} in {@code delayMs} milliseconds; returns an id for {@link #cancel}. */
    long schedule(long delayMs, Runnable task);

    void cancel(long id);
  }

  private final Supplier<Future<Token>> fetch;
  private final LongSupplier clockMs;
  private final Scheduler scheduler;

  private Held held;
  private CompletableFuture<String> refreshing;
  private Throwable lastFailure;
  private long lastFailureAtMs;
  private long fetches;
  private long refreshTimer = -1;
  private boolean closed;

  /**
   * @param fetch asks the token endpoint for a new token; called on the context of the caller that needs it (or of
   *     the refresh timer), never twice at once; its future must end (it bounds itself in time)
   * @param clockMs the time in milliseconds ({@code System::currentTimeMillis}; a test's own clock)
   * @param scheduler runs the refresh ahead of expiry
   */
  FcmAccessTokens(Supplier<Future<Token>> fetch, LongSupplier clockMs, Scheduler scheduler) {
    this.fetch = fetch;
    this.clockMs = clockMs;
    this.scheduler = scheduler;
  }

  /** The token to send now, on {@code caller}'s context; fails when no token could be fetched. */
  Future<String> token(Context caller) {
    String ready = null;
    CompletableFuture<String> wait = null;
    boolean start = false;
    long now;
    synchronized (this) {
      now = clockMs.getAsLong();
      boolean failedLately = lastFailure != null && now - lastFailureAtMs < RETRY_FETCH_AFTER_MS;
      if (held != null && now < held.hardAtMs) {
        ready = held.value;
        start = now >= held.softAtMs && refreshing == null && !failedLately;
      } else if (refreshing == null && failedLately) {
        return Future.failedFuture(lastFailure);
      } else {
        held = null;
        start = refreshing == null;
      }
      if (start) {
        refreshing = new CompletableFuture<>();
        fetches++;
      }
      if (ready == null) {
        wait = refreshing;
      }
    }
    if (start) {
      startFetch(now);
    }
    return ready != null ? Future.succeededFuture(ready) : Future.fromCompletionStage(wait, caller);
  }

  /**
   * Drops {@code refused}, which the provider answered 401 to, if it is still the token held: the next
   * {@link #token} fetches a new one. A token already replaced is left alone, so that the many messages that carried
   * the same refused token cause one fetch.
   */
  synchronized void invalidate(String refused) {
    if (held != null && held.value.equals(refused)) {
      held = null;
    }
  }

  /** Stops the refresh timer: the node is stopping. */
  void close() {
    long timer;
    synchronized (this) {
      closed = true;
      timer = refreshTimer;
      refreshTimer = -1;
    }
    if (timer >= 0) {
      scheduler.cancel(timer);
    }
  }

  /** The timer's refresh, ahead of expiry, unless a fetch is in flight already. */
  private void refreshAhead() {
    long now;
    synchronized (this) {
      refreshTimer = -1;
      if (closed || refreshing != null) {
        return;
      }
      now = clockMs.getAsLong();
      refreshing = new CompletableFuture<>();
      fetches++;
    }
    startFetch(now);
  }

  /** How many fetches were started, for tests. */
  synchronized long fetches() {
    return fetches;
  }

  /** Asks for a token; called on the caller's context, whose HTTP client then makes the request. */
  private void startFetch(long askedAtMs) {
    Future<Token> fetched;
    try {
      fetched = fetch.get();
    } catch (RuntimeException e) {
      fetched = Future.failedFuture(e);
    }
    fetched.onComplete(done -> settle(askedAtMs, done.succeeded() ? done.result() : null, done.cause()));
  }

  private void settle(long askedAtMs, Token fetched, Throwable fetchFailure) {
    // A token that lasts less than a couple of retry pauses would be asked for again at once, and again: taken for
    // a failed fetch, it is asked for again once the failure's pause is over.
    boolean tooShort = fetched != null && fetched.lifetimeMs() < MIN_LIFETIME_MS;
    Token token = tooShort ? null : fetched;
    Throwable failure = tooShort ? new IllegalStateException("the token endpoint gave a token that lasts "
        + fetched.lifetimeMs() + " ms") : fetchFailure;
    CompletableFuture<String> done;
    long refreshInMs = -1;
    long staleTimer = -1;
    synchronized (this) {
      done = refreshing;
      refreshing = null;
      if (token != null) {
        long lifetime = Math.max(0, token.lifetimeMs());
        long expiresAt = askedAtMs + lifetime;
        held = new Held(token.value(), expiresAt - Math.min(SOFT_MARGIN_MAX_MS, lifetime / 2),
            expiresAt - Math.min(HARD_MARGIN_MAX_MS, lifetime / 3));
        lastFailure = null;
        // The timer of the token this one replaces (refused before its time) would refresh too early.
        staleTimer = refreshTimer;
        refreshTimer = -1;
        refreshInMs = closed ? -1 : Math.max(1, held.softAtMs - clockMs.getAsLong());
      } else {
        lastFailure = failure;
        lastFailureAtMs = clockMs.getAsLong();
      }
    }
    if (staleTimer >= 0) {
      scheduler.cancel(staleTimer);
    }
    if (refreshInMs > 0) {
      long timer = scheduler.schedule(refreshInMs, this::refreshAhead);
      boolean cancel;
      synchronized (this) {
        cancel = closed;
        if (!cancel) {
          refreshTimer = timer;
        }
      }
      if (cancel) {
        scheduler.cancel(timer);
      }
    }
    if (token != null) {
      done.complete(token.value());
    } else {
      done.completeExceptionally(failure);
    }
  }
}
