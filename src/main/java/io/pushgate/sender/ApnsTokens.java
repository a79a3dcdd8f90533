package io.pushgate.sender;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The APNs provider token of one target on one node: an ES256 JWT (header {@code alg} ES256, {@code kid} the key
 * id; claims {@code iss} the team id, {@code iat} in seconds) that every sender of the node sends as
 * {@code authorization: bearer <token>}.
 *
 * <p>APNs refuses a token more than an hour old ({@code 403 ExpiredProviderToken}) and one renewed more often than
 * every 20 minutes ({@code 429 TooManyProviderTokenUpdates}), so a token is signed once and reused for
 * {@link #RENEW_AFTER_MS} (40 minutes), never once per message. When APNs nevertheless calls the token expired (a
 * clock far behind Apple's, say), {@link #renewExpired} signs a new one, but at most once per
 * {@link #MIN_FORCED_RENEWAL_MS}, however many senders and messages report the same token: a fresh token APNs also
 * calls expired would not be helped by a third.
 *
 * <p>Thread-safe: the senders of a node run on different event loops and share one instance. Reading the token is a
 * volatile read; signing (well under a millisecond) happens under the instance's lock, on the thread that finds the
 * token old, at most once per renewal.
 */
final class ApnsTokens {

  private static final Logger LOG = LoggerFactory.getLogger(ApnsTokens.class);

  /** How long a token is used before a new one is signed: within APNs' 20-60 minutes. */
  static final long RENEW_AFTER_MS = TimeUnit.MINUTES.toMillis(40);
  /** The least time between two renewals forced by {@code ExpiredProviderToken}: APNs' own 20 minutes. */
  static final long MIN_FORCED_RENEWAL_MS = TimeUnit.MINUTES.toMillis(20);

  private final JWTAuth jwt;
  private final ApnsSigningKey key;
  private final LongSupplier clockMs;
  private volatile Token current;
  /** When the last forced renewal happened, or {@code Long.MIN_VALUE}; under the lock. */
  private long lastForcedMs = Long.MIN_VALUE;
  /** Tokens signed so far; under the lock. */
  private int signed;

  /** One signed token and when it was signed, by this node's clock. */
  private record Token(String jwt, long issuedAtMs) {
  }

  ApnsTokens(Vertx vertx, ApnsSigningKey key) {
    this(vertx, key, System::currentTimeMillis);
  }

  /** With {@code clockMs} for the time, in milliseconds since the epoch: tests move it. */
  ApnsTokens(Vertx vertx, ApnsSigningKey key, LongSupplier clockMs) {
    this.key = key;
    this.clockMs = clockMs;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("ES256").setId(key.keyId()).setBuffer(key.pem())));
  }

  /** The token to send now: the current one, or a new one when it is {@link #RENEW_AFTER_MS} old. */
  String current() {
    Token token = current;
    if (token != null && clockMs.getAsLong() - token.issuedAtMs() < RENEW_AFTER_MS) {
      return token.jwt();
    }
    synchronized (this) {
      token = current;
      long now = clockMs.getAsLong();
      if (token == null || now - token.issuedAtMs() >= RENEW_AFTER_MS) {
        token = sign(now);
      }
      return token.jwt();
    }
  }

  /**
   * APNs answered {@code 403 ExpiredProviderToken} to {@code rejected}: the token to try once more with. A new one
   * when {@code rejected} is still the current token and no forced renewal happened within
   * {@link #MIN_FORCED_RENEWAL_MS}; the current one when another sender renewed it already; {@code rejected} itself
   * when it may not be renewed yet (the caller then gives up on the message rather than send it again unchanged).
   */
  synchronized String renewExpired(String rejected) {
    Token token = current;
    long now = clockMs.getAsLong();
    if (token == null || !token.jwt().equals(rejected)) {
      return current();
    }
    if (lastForcedMs != Long.MIN_VALUE && now - lastForcedMs < MIN_FORCED_RENEWAL_MS) {
      LOG.debug("APNs called the provider token of key {} expired again; not renewed within 20 minutes of the last "
          + "renewal", key.keyId());
      return rejected;
    }
    lastForcedMs = now;
    // Rare, and worth a line: a token under 40 minutes old called expired points at a clock behind Apple's.
    LOG.info("APNs called the provider token of key {} expired after {} s: signing a new one", key.keyId(),
        (now - token.issuedAtMs()) / 1000);
    return sign(now).jwt();
  }

  /** How many tokens this instance has signed: one per renewal, which tests count. */
  synchronized int signed() {
    return signed;
  }

  /** Under the lock. */
  private Token sign(long nowMs) {
    JsonObject claims = new JsonObject().put("iss", key.teamId()).put("iat", nowMs / 1000);
    Token token = new Token(jwt.generateToken(claims, new JWTOptions().setAlgorithm("ES256")), nowMs);
    current = token;
    signed++;
    return token;
  }
}
