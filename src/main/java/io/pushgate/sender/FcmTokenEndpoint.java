package io.pushgate.sender;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.auth.oauth2.providers.GoogleAuth;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Asks a service account's {@code token_uri} for an FCM access token: Google's JWT-bearer grant
 * ({@code urn:ietf:params:oauth:grant-type:jwt-bearer}) with an assertion signed RS256 by the account's key
 * ({@code iss} the account, {@code aud} the {@code token_uri}, {@code scope} FCM's, one hour), as vertx-auth-oauth2's
 * {@link GoogleAuth} makes it for a service account. Each call is one request; {@link FcmAccessTokens} decides when
 * to make one.
 *
 * <p>Thread-safe: one OAuth2 client, whose HTTP client serves every event loop; a call's future completes on the
 * caller's context.
 */
final class FcmTokenEndpoint implements Supplier<Future<FcmAccessTokens.Token>> {

  /** The OAuth2 scope that sending with FCM HTTP v1 needs. */
  static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
  /** The lifetime assumed when the endpoint gives none: Google's. */
  private static final long DEFAULT_LIFETIME_SECONDS = 3600;

  private final OAuth2Auth oauth;
  private final String tokenUri;
  private final long timeoutMs;

  /**
   * @param options the token client's connection options (trust store, connect timeout)
   * @param timeoutMs how long one request may take, from asking for a connection to the answer's last byte
   */
  FcmTokenEndpoint(Vertx vertx, FcmServiceAccount account, HttpClientOptions options, long timeoutMs) {
    this.oauth = GoogleAuth.create(vertx, account.json(), options);
    this.tokenUri = account.tokenUri();
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<FcmAccessTokens.Token> get() {
    return oauth.authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_JWT)
            .setJwt(new JsonObject().put("scope", SCOPE)))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(this::token)
        .recover(failure -> Future.failedFuture(new TokenUnavailableException(
            "no FCM access token from " + tokenUri + ": " + failure.getMessage())));
  }

  private FcmAccessTokens.Token token(User user) {
    JsonObject principal = user.principal();
    String value = principal.getString("access_token");
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException("the answer has no access_token");
    }
    Object expiresIn = principal.getValue("expires_in");
    long seconds = expiresIn instanceof Number number ? number.longValue()
        : expiresIn instanceof String text ? Long.parseLong(text.trim()) : DEFAULT_LIFETIME_SECONDS;
    return new FcmAccessTokens.Token(value, seconds * 1000);
  }

  /** Lets go of the OAuth2 client's connections. */
  void close() {
    oauth.close();
  }

  /** No access token could be had; the message says from where and why, never with a secret. */
  static final class TokenUnavailableException extends RuntimeException {
    TokenUnavailableException(String message) {
      super(message, null, false, false);
    }
  }
}
