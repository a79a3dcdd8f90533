package io.pushgate.api;

import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Requires {@code Authorization: Bearer <key>} with one of the configured API keys ({@code auth.apiKeys}), else
 * answers 401. Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual}, against every key, so the
 * time taken says nothing about how close a guess was. Keys are never logged.
 */
final class ApiKeyAuth {

  private static final String BEARER = "Bearer ";
  /** The API; probes and metrics stay open so that orchestrators and scrapers need no key. */
  private static final String PROTECTED_PREFIX = "/v1/";

  private final List<byte[]> keyDigests;

  ApiKeyAuth(List<String> apiKeys) {
    this.keyDigests = apiKeys.stream().map(ApiKeyAuth::sha256).toList();
  }

  void handle(RoutingContext ctx) {
    // The router matches the normalised path (/./v1/push, //v1/push, /%761/push are /v1/push): so must this.
    if (!RequestPaths.of(ctx).startsWith(PROTECTED_PREFIX)) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        && matches(sha256(header.substring(BEARER.length()).trim()))) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    ctx.fail(new GatewayException(FailureCode.UNAUTHORIZED,
        "a valid API key is required: Authorization: Bearer <key>"));
  }

  private boolean matches(byte[] given) {
    boolean match = false;
    for (byte[] key : keyDigests) {
      match |= MessageDigest.isEqual(key, given);
    }
    return match;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
