package io.pushgate.sender;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.interfaces.ECPrivateKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The VAPID {@code Authorization} of a Web Push target (RFC 8292): {@code vapid t=<JWT>, k=<public key>}, the JWT
 * ES256-signed ({@code vertx-auth-jwt}) with {@code aud} the push service's origin, {@code exp} and {@code sub}.
 * One token per origin, made once and reused until an hour before it expires, not signed per message. At most
 * {@link #MAX_ORIGINS} are kept: a wildcard in {@code allowedOrigins} lets callers name any number of hosts, and past
 * the cap the tokens are dropped and made again as they are needed. Thread-safe: every sender of the node shares it.
 */
final class VapidTokens {

  /** A token's lifetime: push services refuse one that expires more than 24 hours ahead. */
  static final long LIFETIME_MS = 12 * 3_600_000L;
  /** How long before its expiry a token is made again, so that none in flight expires on the way. */
  static final long RENEW_BEFORE_MS = 3_600_000L;
  /** The most origins with a token kept: far more push service hosts than browsers use. */
  static final int MAX_ORIGINS = 4096;

  private record Token(String header, long expiresAtMs) {
  }

  private final JWTAuth jwt;
  private final String publicKey;
  private final String subject;
  private final LongSupplier clock;
  private final int maxOrigins;
  private final Map<String, Token> byOrigin = new ConcurrentHashMap<>();

  /**
   * @param publicKey the VAPID public key, base64url, as the header's {@code k}
   * @param clock milliseconds since the epoch
   */
  VapidTokens(Vertx vertx, ECPrivateKey privateKey, String publicKey, String subject, LongSupplier clock) {
    this(vertx, privateKey, publicKey, subject, clock, MAX_ORIGINS);
  }

  /** With {@code maxOrigins} tokens kept at most: tests make it small. */
  VapidTokens(Vertx vertx, ECPrivateKey privateKey, String publicKey, String subject, LongSupplier clock,
              int maxOrigins) {
    this.maxOrigins = maxOrigins;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256")
        .setBuffer(P256.pem(privateKey))));
    this.publicKey = publicKey;
    this.subject = subject;
    this.clock = clock;
  }

  /** The {@code Authorization} header for a push service at {@code origin} ({@code https://host[:port]}). */
  String authorization(String origin) {
    long now = clock.getAsLong();
    Token token = byOrigin.get(origin);
    if (token == null || token.expiresAtMs - RENEW_BEFORE_MS <= now) {
      if (token == null && byOrigin.size() >= maxOrigins) {
        // Rather than grow without bound: each push service's token is made again at its next message.
        byOrigin.clear();
      }
      token = byOrigin.compute(origin, (key, current) ->
          current != null && current.expiresAtMs - RENEW_BEFORE_MS > now ? current : sign(origin, now));
    }
    return token.header;
  }

  /** Origins with a token kept. */
  int kept() {
    return byOrigin.size();
  }

  private Token sign(String origin, long now) {
    long expiresAtMs = now + LIFETIME_MS;
    JsonObject claims = new JsonObject().put("aud", origin).put("exp", expiresAtMs / 1000).put("sub", subject);
    String token = jwt.generateToken(claims, new JWTOptions().setAlgorithm("ES256").setNoTimestamp(true));
    return new Token("vapid t=" + token + ", k=" + publicKey, expiresAtMs);
  }
}
