package io.pushgate.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A push target the test programs: a real HTTP server on 127.0.0.1 and a free port that records every request and
 * answers as its {@link Behaviour} says (fixed status, failures then success, hanging, ...). Safe to read from the
 * test thread.
 */
public final class FakeTarget extends VerticleBase {

  /** One request as the target saw it. */
  public record Received(String path, MultiMap headers, Buffer body) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  /** What to answer, after {@code delayMs}; a {@code null} reply means never answer. */
  public record Reply(int status, String body, String contentType, MultiMap headers, long delayMs) {
    public static Reply json(int status, String body) {
      return new Reply(status, body, "application/json", MultiMap.caseInsensitiveMultiMap(), 0);
    }

    public static Reply text(int status, String body) {
      return new Reply(status, body, "text/plain", MultiMap.caseInsensitiveMultiMap(), 0);
    }

    public Reply withHeader(String name, String value) {
      MultiMap copy = MultiMap.caseInsensitiveMultiMap().addAll(headers).add(name, value);
      return new Reply(status, body, contentType, copy, delayMs);
    }

    /** The same reply, sent {@code millis} later: a slow target. */
    public Reply after(long millis) {
      return new Reply(status, body, contentType, headers, millis);
    }
  }

  /** Chooses the reply to the {@code n}-th request (1-based) carrying a given message id. */
  @FunctionalInterface
  public interface Behaviour {
    Reply reply(Received request, int attemptOfMessage);
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> attemptsByMessage = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final List<Waiter> waiters = new ArrayList<>();
  private final List<Match> matches = new ArrayList<>();
  private volatile Behaviour behaviour = (request, attempt) -> Reply.json(200, "{\"ok\":true}");
  private final HttpServerOptions options;
  private HttpServer server;

  /** A plain HTTP target. */
  public FakeTarget() {
    this(new HttpServerOptions());
  }

  /** A target with these server options, e.g. TLS. */
  public FakeTarget(HttpServerOptions options) {
    this.options = options;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(options).requestHandler(this::handle);
    return server.listen(0, "127.0.0.1");
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      Received seen = new Received(request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
          body);
      String messageId = String.valueOf(request.getHeader("Pushgate-Message-Id"));
      int attempt = attemptsByMessage.computeIfAbsent(messageId, id -> new AtomicInteger()).incrementAndGet();
      received.add(seen);
      int total = count.incrementAndGet();
      synchronized (waiters) {
        waiters.removeIf(waiter -> total >= waiter.count() && waiter.promise().tryComplete());
        matches.removeIf(match -> match.which().test(seen) && match.promise().tryComplete());
      }
      Reply reply = behaviour.reply(seen, attempt);
      if (reply == null) {
        return;
      }
      if (reply.delayMs() > 0) {
        vertx.setTimer(reply.delayMs(), id -> send(request, reply));
      } else {
        send(request, reply);
      }
    });
  }

  private static void send(HttpServerRequest request, Reply reply) {
    request.response().setStatusCode(reply.status()).putHeader("content-type", reply.contentType())
        .headers().addAll(reply.headers());
    request.response().end(reply.body());
  }

  /** Answers every request with {@code status} and the JSON {@code body}. */
  public FakeTarget respond(int status, String body) {
    return behave((request, attempt) -> Reply.json(status, body));
  }

  /** Answers as {@code behaviour} says. */
  public FakeTarget behave(Behaviour behaviour) {
    this.behaviour = behaviour;
    return this;
  }

  /** Answers each message's first {@code failures} attempts with {@code status}, then 200. */
  public FakeTarget failFirst(int failures, int status) {
    return behave((request, attempt) -> attempt <= failures ? Reply.json(status, "{\"retry\":true}")
        : Reply.json(200, "{\"ok\":true}"));
  }

  /** Never answers. */
  public FakeTarget hang() {
    return behave((request, attempt) -> null);
  }

  /** Answers by the body: {@code answer} maps each request to a reply. */
  public FakeTarget answerBy(Function<Received, Reply> answer) {
    return behave((request, attempt) -> answer.apply(request));
  }

  public String url() {
    return (options.isSsl() ? "https" : "http") + "://127.0.0.1:" + server.actualPort() + "/push";
  }

  public int port() {
    return server.actualPort();
  }

  /** Completes once {@code n} requests in all have arrived: the target holds them when it is slow or silent. */
  public Future<Void> receivedAtLeast(int n) {
    synchronized (waiters) {
      if (count.get() >= n) {
        return Future.succeededFuture();
      }
      Promise<Void> promise = Promise.promise();
      waiters.add(new Waiter(n, promise));
      return promise.future();
    }
  }

  /** Completes once a request that {@code which} accepts has arrived. */
  public Future<Void> receivedOne(Predicate<Received> which) {
    synchronized (waiters) {
      if (received.stream().anyMatch(which)) {
        return Future.succeededFuture();
      }
      Promise<Void> promise = Promise.promise();
      matches.add(new Match(which, promise));
      return promise.future();
    }
  }

  private record Waiter(int count, Promise<Void> promise) {
  }

  private record Match(Predicate<Received> which, Promise<Void> promise) {
  }

  /** Requests received so far. */
  public int requests() {
    return count.get();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }
}
