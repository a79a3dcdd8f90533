package io.pushgate.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Firebase Cloud Messaging (HTTP v1) and Google's OAuth2 token endpoint, on 127.0.0.1 and a
 * free port, for one service account.
 *
 * <ul>
 *   <li>{@code POST /token} takes the JWT-bearer grant and checks the assertion with the JDK alone, not with the
 *       gateway's code: an RS256 signature by the account's key, {@code iss} the account, {@code scope} FCM's,
 *       {@code aud} this {@code token_uri}, {@code iat}/{@code exp} now and at most an hour apart. It hands out
 *       opaque tokens that last {@link #tokenLifetimeSeconds(long)}, and counts the requests.</li>
 *   <li>{@code POST /v1/projects/<project>/messages:send} checks the bearer token (known and not expired, else 401
 *       {@code UNAUTHENTICATED} as Google answers), the project, and the body ({@code {"message": {...}}} with exactly
 *       one of {@code token}, {@code topic}, {@code condition}; else 400 and the request is counted as
 *       {@link #malformed()}), then answers as programmed: by default 200 with the message's {@code name}.</li>
 * </ul>
 *
 * Safe to program and read from the test thread.
 */
public final class FakeFcm extends VerticleBase {

  public static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
  private static final String FCM_ERROR = "type.googleapis.com/google.firebase.fcm.v1.FcmError";

  /** One answer of {@code messages:send}. */
  public record Answer(int status, JsonObject body, MultiMap headers) {

    public Answer withHeader(String name, String value) {
      return new Answer(status, body, MultiMap.caseInsensitiveMultiMap().addAll(headers).add(name, value));
    }

    /** An error as Google shapes it, with an {@code FcmError} detail when {@code errorCode} is not null. */
    public static Answer error(int status, String grpcStatus, String message, String errorCode) {
      JsonArray details = new JsonArray();
      if (errorCode != null) {
        details.add(new JsonObject().put("@type", FCM_ERROR).put("errorCode", errorCode));
      }
      JsonObject error = new JsonObject().put("code", status).put("message", message).put("status", grpcStatus);
      if (!details.isEmpty()) {
        error.put("details", details);
      }
      return new Answer(status, new JsonObject().put("error", error), MultiMap.caseInsensitiveMultiMap());
    }

    /** The app was uninstalled, or the token expired: 404 {@code UNREGISTERED}. */
    public static Answer unregistered() {
      return error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED");
    }

    /** A token that is no FCM token: 400 with an {@code FcmError} {@code INVALID_ARGUMENT}. */
    public static Answer invalidToken() {
      return error(400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token",
          "INVALID_ARGUMENT");
    }

    /** A bad field of the message, the token fine: 400 with a {@code BadRequest} detail only. */
    public static Answer invalidField() {
      Answer answer = error(400, "INVALID_ARGUMENT", "Invalid value at 'message.data[0].value' (TYPE_STRING), 12",
          null);
      answer.body().getJsonObject("error").put("details", new JsonArray().add(new JsonObject()
          .put("@type", "type.googleapis.com/google.rpc.BadRequest")
          .put("fieldViolations", new JsonArray().add(new JsonObject().put("field", "message.data[0].value")
              .put("description", "Invalid value at 'message.data[0].value' (TYPE_STRING), 12")))));
      return answer;
    }

    /** 429 {@code QUOTA_EXCEEDED} with {@code Retry-After}. */
    public static Answer quotaExceeded(int retryAfterSeconds) {
      return error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Send requests'.", "QUOTA_EXCEEDED")
          .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }

    /** 500 {@code INTERNAL}. */
    public static Answer internal() {
      return error(500, "INTERNAL", "Internal error encountered.", "INTERNAL");
    }

    /** 503 {@code UNAVAILABLE}. */
    public static Answer unavailable() {
      return error(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE");
    }

    /** 403 {@code SENDER_ID_MISMATCH}: a token of another project. */
    public static Answer senderIdMismatch() {
      return error(403, "PERMISSION_DENIED", "SenderId mismatch", "SENDER_ID_MISMATCH");
    }

    /** 401 {@code THIRD_PARTY_AUTH_ERROR}: the project's APNs or Web Push credentials, not the access token. */
    public static Answer thirdPartyAuthError() {
      return error(401, "UNAUTHENTICATED", "Auth error from APNS or Web Push Service", "THIRD_PARTY_AUTH_ERROR");
    }
  }

  /** One {@code messages:send} request that passed the checks. */
  public record Sent(String bearer, JsonObject message) {
  }

  private final RSAPublicKey accountKey;
  private final String clientEmail;
  private final String projectId;
  private final Map<String, Long> issued = new ConcurrentHashMap<>();
  private final Map<String, Answer> byToken = new ConcurrentHashMap<>();
  private final Queue<Answer> next = new ConcurrentLinkedQueue<>();
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final List<String> refusedAssertions = new CopyOnWriteArrayList<>();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final AtomicInteger sendRequests = new AtomicInteger();
  private final AtomicInteger unauthenticated = new AtomicInteger();
  private final AtomicInteger malformed = new AtomicInteger();
  private final AtomicInteger tokenFailures = new AtomicInteger();
  private final List<Waiter> tokenWaiters = new ArrayList<>();
  private volatile long tokenLifetimeSeconds = 3600;
  private HttpServer server;

  /** A stand-in that trusts the assertions of {@code account}. */
  public FakeFcm(TestServiceAccount account) {
    this.accountKey = account.publicKey();
    this.clientEmail = TestServiceAccount.CLIENT_EMAIL;
    this.projectId = TestServiceAccount.PROJECT_ID;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      if (request.method() == HttpMethod.POST && "/token".equals(request.path())) {
        token(request, body);
      } else if (request.method() == HttpMethod.POST && request.path().startsWith("/v1/projects/")) {
        send(request, body);
      } else {
        malformed.incrementAndGet();
        reply(request, Answer.error(404, "NOT_FOUND", "no such route: " + request.path(), null));
      }
    }));
    return server.listen(0, "127.0.0.1");
  }

  /** The base URL, the target's {@code url}. */
  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The token endpoint, the service account's {@code token_uri}. */
  public String tokenUri() {
    return url() + "/token";
  }

  /** How long the access tokens handed out from now on last (their {@code expires_in}). */
  public FakeFcm tokenLifetimeSeconds(long seconds) {
    this.tokenLifetimeSeconds = seconds;
    return this;
  }

  /** Answers every message to {@code deviceToken} with {@code answer}. */
  public FakeFcm answerFor(String deviceToken, Answer answer) {
    byToken.put(deviceToken, answer);
    return this;
  }

  /** Answers the next messages with {@code answers}, one each, before going back to the usual answers. */
  public FakeFcm thenAnswer(Answer... answers) {
    next.addAll(List.of(answers));
    return this;
  }

  /** Forgets every access token handed out: the next message with one gets 401, as after a key revocation. */
  public FakeFcm forgetAccessTokens() {
    issued.clear();
    return this;
  }

  /** Refuses the next {@code n} token requests with 500 (the assertion still checked and counted). */
  public FakeFcm failTokenRequests(int n) {
    tokenFailures.set(n);
    return this;
  }

  /** Token requests that arrived, good or bad. */
  public int tokenRequests() {
    return tokenRequests.get();
  }

  /** Why assertions were refused, one line each; empty when every one was good. */
  public List<String> refusedAssertions() {
    return List.copyOf(refusedAssertions);
  }

  /** {@code messages:send} requests that arrived, answered 401 and malformed ones included. */
  public int sendRequests() {
    return sendRequests.get();
  }

  /** {@code messages:send} requests answered 401 for a missing, unknown or expired access token. */
  public int unauthenticated() {
    return unauthenticated.get();
  }

  /** Requests that broke the protocol: wrong route, project, content type or body. */
  public int malformed() {
    return malformed.get();
  }

  /** Messages that passed the checks, in arrival order. */
  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Completes once {@code n} token requests in all have arrived. */
  public Future<Void> tokenRequestsReach(int n) {
    synchronized (tokenWaiters) {
      if (tokenRequests.get() >= n) {
        return Future.succeededFuture();
      }
      Promise<Void> promise = Promise.promise();
      tokenWaiters.add(new Waiter(n, promise));
      return promise.future();
    }
  }

  private record Waiter(int count, Promise<Void> promise) {
  }

  private void token(HttpServerRequest request, Buffer body) {
    int count = tokenRequests.incrementAndGet();
    synchronized (tokenWaiters) {
      tokenWaiters.removeIf(waiter -> count >= waiter.count() && waiter.promise().tryComplete());
    }
    Map<String, String> form = form(body.toString(StandardCharsets.UTF_8));
    String problem = !"application/x-www-form-urlencoded".equals(mediaType(request))
        ? "content type " + request.getHeader("content-type")
        : !"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
            ? "grant_type " + form.get("grant_type")
            : assertionProblem(form.get("assertion"));
    if (problem != null) {
      refusedAssertions.add(problem);
      request.response().setStatusCode(400).putHeader("content-type", "application/json")
          .end(new JsonObject().put("error", "invalid_grant").put("error_description", problem).encode());
      return;
    }
    if (tokenFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      request.response().setStatusCode(500).putHeader("content-type", "application/json")
          .end(new JsonObject().put("error", "internal_failure").put("error_description", "try again").encode());
      return;
    }
    long lifetime = tokenLifetimeSeconds;
    String token = "ya29.fake-" + count + "-" + UUID.randomUUID();
    issued.put(token, System.currentTimeMillis() + lifetime * 1000);
    request.response().putHeader("content-type", "application/json; charset=utf-8")
        .end(new JsonObject().put("access_token", token).put("expires_in", lifetime).put("token_type", "Bearer")
            .encode());
  }

  /** Why the assertion is not one Google would take, or {@code null} when it is good. */
  private String assertionProblem(String assertion) {
    if (assertion == null) {
      return "no assertion";
    }
    String[] parts = assertion.split("\\.", -1);
    if (parts.length != 3) {
      return "assertion is not a JWS in compact form";
    }
    try {
      JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      if (!"RS256".equals(header.getString("alg"))) {
        return "alg " + header.getString("alg");
      }
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(accountKey);
      rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return "Invalid JWT Signature.";
      }
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      long now = System.currentTimeMillis() / 1000;
      Object aud = claims.getValue("aud");
      if (!clientEmail.equals(claims.getString("iss"))) {
        return "iss " + claims.getString("iss");
      }
      if (!SCOPE.equals(claims.getString("scope"))) {
        return "scope " + claims.getString("scope");
      }
      if (!tokenUri().equals(aud)) {
        return "aud " + aud;
      }
      Long iat = claims.getLong("iat");
      Long exp = claims.getLong("exp");
      if (iat == null || exp == null || iat > now + 60 || exp <= now || exp - iat > 3600) {
        return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe (iat "
            + iat + ", exp " + exp + ", now " + now + ")";
      }
      return null;
    } catch (GeneralSecurityException | RuntimeException e) {
      return "assertion unreadable: " + e;
    }
  }

  private void send(HttpServerRequest request, Buffer body) {
    sendRequests.incrementAndGet();
    String authorization = request.getHeader("authorization");
    String bearer = authorization != null && authorization.startsWith("Bearer ")
        ? authorization.substring("Bearer ".length()) : null;
    Long expiresAt = bearer == null ? null : issued.get(bearer);
    if (expiresAt == null || expiresAt <= System.currentTimeMillis()) {
      unauthenticated.incrementAndGet();
      reply(request, Answer.error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. "
          + "Expected OAuth 2 access token, login cookie or other valid authentication credential.", null));
      return;
    }
    String problem = !request.path().equals("/v1/projects/" + projectId + "/messages:send")
        ? "path " + request.path()
        : !"application/json".equals(mediaType(request)) ? "content type " + request.getHeader("content-type")
            : bodyProblem(body);
    if (problem != null) {
      malformed.incrementAndGet();
      reply(request, Answer.error(400, "INVALID_ARGUMENT", problem, null));
      return;
    }
    JsonObject message = body.toJsonObject().getJsonObject("message");
    sent.add(new Sent(bearer, message));
    Answer answer = next.poll();
    if (answer == null) {
      answer = message.getString("token") == null ? null : byToken.get(message.getString("token"));
    }
    if (answer == null) {
      answer = new Answer(200, new JsonObject().put("name",
          "projects/" + projectId + "/messages/0:" + System.nanoTime() + "%" + sent.size()),
          MultiMap.caseInsensitiveMultiMap());
    }
    reply(request, answer);
  }

  private static String bodyProblem(Buffer body) {
    try {
      JsonObject json = body.toJsonObject();
      if (json.size() != 1 || !(json.getValue("message") instanceof JsonObject message)) {
        return "the body must be {\"message\": {...}}";
      }
      long targets = List.of("token", "topic", "condition").stream()
          .filter(key -> message.getValue(key) instanceof String text && !text.isEmpty()).count();
      return targets == 1 ? null : "exactly one of token, topic, condition";
    } catch (RuntimeException e) {
      return "the body is no JSON object";
    }
  }

  private static void reply(HttpServerRequest request, Answer answer) {
    request.response().setStatusCode(answer.status()).putHeader("content-type", "application/json; charset=UTF-8")
        .headers().addAll(answer.headers());
    request.response().end(answer.body().encode());
  }

  private static String mediaType(HttpServerRequest request) {
    String type = request.getHeader("content-type");
    return type == null ? null : type.split(";")[0].trim().toLowerCase();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }
}
