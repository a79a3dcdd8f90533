package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link FcmAccessTokens} on a clock of the test's own, with a token endpoint the test answers by hand: when it
 * fetches, how many fetches, and on which context the callers hear back.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
@DisplayName("FCM access tokens: one fetch per node, refreshed before they expire")
class FcmAccessTokensTest {

  private static final long HOUR_MS = 3_600_000;

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final List<Promise<FcmAccessTokens.Token>> fetches = new ArrayList<>();
  /** The timers set, by id; a cancelled one is removed. */
  private final Map<Long, Timer> timers = new ConcurrentHashMap<>();
  private final AtomicLong timerIds = new AtomicLong();
  private FcmAccessTokens tokens;

  private record Timer(long delayMs, Runnable task) {
  }

  @BeforeEach
  void create() {
    tokens = new FcmAccessTokens(() -> {
      Promise<FcmAccessTokens.Token> fetch = Promise.promise();
      synchronized (fetches) {
        fetches.add(fetch);
      }
      return fetch.future();
    }, clock::get, new FcmAccessTokens.Scheduler() {
      @Override
      public long schedule(long delayMs, Runnable task) {
        long id = timerIds.incrementAndGet();
        timers.put(id, new Timer(delayMs, task));
        return id;
      }

      @Override
      public void cancel(long id) {
        timers.remove(id);
      }
    });
  }

  private Promise<FcmAccessTokens.Token> fetch(int index) {
    synchronized (fetches) {
      return fetches.get(index);
    }
  }

  private int fetchCount() {
    synchronized (fetches) {
      return fetches.size();
    }
  }

  /** Runs {@code ask} on a context of its own and waits for the answer on the test thread. */
  private static String ask(Context context, FcmAccessTokens tokens) throws Exception {
    Promise<String> answer = Promise.promise();
    context.runOnContext(v -> tokens.token(context).onComplete(answer));
    return answer.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("callers on many event loops share one fetch, and each hears back on its own context")
  void one_fetch_for_every_caller(Vertx vertx, VertxTestContext ctx) {
    List<Context> contexts = List.of(vertx.getOrCreateContext(), vertx.getOrCreateContext(),
        vertx.getOrCreateContext());
    var checkpoint = ctx.checkpoint(contexts.size() * 10);
    Promise<Void> asked = Promise.promise();
    AtomicLong pending = new AtomicLong(contexts.size() * 10L);
    for (Context context : contexts) {
      context.runOnContext(v -> {
        for (int i = 0; i < 10; i++) {
          tokens.token(context).onComplete(done -> ctx.verify(() -> {
            assertThat(Vertx.currentContext()).isSameAs(context);
            assertThat(done.result()).isEqualTo("t1");
            checkpoint.flag();
          }));
          if (pending.decrementAndGet() == 0) {
            asked.complete();
          }
        }
      });
    }
    asked.future().onComplete(ctx.succeeding(v -> vertx.runOnContext(x -> ctx.verify(() -> {
      assertThat(fetchCount()).isEqualTo(1);
      fetch(0).complete(new FcmAccessTokens.Token("t1", HOUR_MS));
    }))));
  }

  @Test
  @DisplayName("a token is reused for its life; from min(5 min, L/2) before its end one background refresh starts")
  void soft_refresh_in_the_background(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    Future<String> first = onContext(context);
    awaitFetches(1);
    fetch(0).complete(new FcmAccessTokens.Token("t1", HOUR_MS));
    assertThat(first.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("t1");

    clock.addAndGet(HOUR_MS - 5 * 60_000 - 1);
    assertThat(ask(context, tokens)).isEqualTo("t1");
    assertThat(fetchCount()).isEqualTo(1);

    clock.addAndGet(1);
    assertThat(ask(context, tokens)).isEqualTo("t1");
    assertThat(ask(context, tokens)).isEqualTo("t1");
    awaitFetches(2);
    fetch(1).complete(new FcmAccessTokens.Token("t2", HOUR_MS));
    awaitToken(context, "t2");
    assertThat(fetchCount()).isEqualTo(2);
    assertThat(tokens.fetches()).isEqualTo(2);
  }

  @Test
  @DisplayName("from min(1 min, L/3) before its end a token is not used: callers wait for the new one")
  void hard_expiry_waits(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    Future<String> first = onContext(context);
    awaitFetches(1);
    fetch(0).complete(new FcmAccessTokens.Token("t1", 3000));
    assertThat(first.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("t1");

    clock.addAndGet(2000);
    Future<String> waiting = onContext(context);
    awaitFetches(2);
    assertThat(waiting.isComplete()).isFalse();
    fetch(1).complete(new FcmAccessTokens.Token("t2", 3000));
    assertThat(waiting.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("t2");
  }

  @Test
  @DisplayName("a token refused with 401 is fetched again once, however many messages carried it")
  void invalidate_fetches_once(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    Future<String> first = onContext(context);
    awaitFetches(1);
    fetch(0).complete(new FcmAccessTokens.Token("t1", HOUR_MS));
    first.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

    tokens.invalidate("t1");
    Future<String> second = onContext(context);
    tokens.invalidate("t1");
    Future<String> third = onContext(context);
    awaitFetches(2);
    fetch(1).complete(new FcmAccessTokens.Token("t2", HOUR_MS));
    assertThat(second.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("t2");
    assertThat(third.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("t2");
    tokens.invalidate("t1");
    assertThat(ask(context, tokens)).isEqualTo("t2");
    assertThat(fetchCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("a failed fetch fails its waiters and is the answer for a second before another is tried")
  void failure_is_remembered_briefly(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    Future<String> first = onContext(context);
    awaitFetches(1);
    fetch(0).fail(new IllegalStateException("token endpoint down"));
    assertThat(first.toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(5, TimeUnit.SECONDS))
        .hasMessageContaining("token endpoint down");

    Future<String> soon = onContext(context);
    assertThat(soon.toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(5, TimeUnit.SECONDS))
        .hasMessageContaining("token endpoint down");
    assertThat(fetchCount()).isEqualTo(1);

    clock.addAndGet(FcmAccessTokens.RETRY_FETCH_AFTER_MS);
    Future<String> later = onContext(context);
    awaitFetches(2);
    fetch(1).complete(new FcmAccessTokens.Token("t2", HOUR_MS));
    assertThat(later.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("t2");
  }

  @Test
  @DisplayName("a token that lasts no time counts as a failed fetch: not asked for again before the failure's pause")
  void too_short_a_token_is_a_failure(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    Future<String> first = onContext(context);
    awaitFetches(1);
    fetch(0).complete(new FcmAccessTokens.Token("t1", 0));
    assertThat(first.toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(5, TimeUnit.SECONDS))
        .hasMessageContaining("lasts 0 ms");
    Future<String> soon = onContext(context);
    assertThat(soon.toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(5, TimeUnit.SECONDS))
        .hasMessageContaining("lasts 0 ms");
    assertThat(fetchCount()).as("no fetch loop").isEqualTo(1);
    assertThat(timers).as("no refresh timer for it").isEmpty();
  }

  @Test
  @DisplayName("a timer fetches the next token min(5 min, L/2) before expiry, with no message asking")
  void timer_refreshes_ahead(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    Future<String> first = onContext(context);
    fetch(0).complete(new FcmAccessTokens.Token("t1", HOUR_MS));
    first.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(timers.values()).extracting(Timer::delayMs).containsExactly(HOUR_MS - 5 * 60_000);

    clock.addAndGet(HOUR_MS - 5 * 60_000);
    Timer timer = timers.values().iterator().next();
    timers.clear();
    timer.task().run();
    awaitFetches(2);
    fetch(1).complete(new FcmAccessTokens.Token("t2", HOUR_MS));
    assertThat(ask(context, tokens)).isEqualTo("t2");
    assertThat(timers.values()).extracting(Timer::delayMs).containsExactly(HOUR_MS - 5 * 60_000);

    tokens.close();
    assertThat(timers).isEmpty();
  }

  @Test
  @DisplayName("a token refused early replaces its timer: the refresh follows the new token's life")
  void refused_token_replaces_its_timer(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    Future<String> first = onContext(context);
    fetch(0).complete(new FcmAccessTokens.Token("t1", HOUR_MS));
    first.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    clock.addAndGet(60_000);
    tokens.invalidate("t1");
    Future<String> second = onContext(context);
    fetch(1).complete(new FcmAccessTokens.Token("t2", HOUR_MS));
    assertThat(second.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("t2");
    assertThat(timers.values()).extracting(Timer::delayMs).containsExactly(HOUR_MS - 5 * 60_000);
  }

  private Future<String> onContext(Context context) throws Exception {
    Promise<Future<String>> asked = Promise.promise();
    context.runOnContext(v -> asked.complete(tokens.token(context)));
    return asked.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** The fetches started so far: a fetch starts within the call that needs it. */
  private void awaitFetches(int n) {
    assertThat(fetchCount()).isEqualTo(n);
  }

  private void awaitToken(Context context, String expected) throws Exception {
    assertThat(ask(context, tokens)).isEqualTo(expected);
  }
}
