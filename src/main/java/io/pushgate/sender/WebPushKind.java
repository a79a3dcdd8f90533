package io.pushgate.sender;

import io.pushgate.config.TargetConfig;
import io.pushgate.config.WebPushConfig;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code webpush} target on one node: its VAPID tokens (one per push service, shared by every sender), the push
 * services it may post to, and the encryption. Thread-safe.
 */
final class WebPushKind implements KindRuntime {

  private final VapidTokens vapid;
  private final WebPushOrigins origins;
  private final WebPushEncryption encryption = new WebPushEncryption();

  WebPushKind(Vertx vertx, TargetConfig target) {
    WebPushConfig config = target.webPush();
    try {
      // The header's k as the key itself gives it: the config's text may carry padding or a stray newline.
      String publicKey = P256.base64Url(P256.raw(P256.publicKey(P256.base64Url(config.publicKey()))));
      this.vapid = new VapidTokens(vertx, P256.privateKey(P256.base64Url(config.privateKey())), publicKey,
          config.subject(), System::currentTimeMillis);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("the VAPID keys were checked at start", e);
    }
    this.origins = new WebPushOrigins(config.allowedOrigins());
  }

  /**
   * What is wrong with the target's VAPID keys (each must parse, and the two must be one pair) and allowed origins.
   */
  static List<String> problems(TargetConfig target) {
    String prefix = "targets." + target.name() + ".";
    WebPushConfig config = target.webPush();
    List<String> problems = new ArrayList<>();
    ECPublicKey publicKey = null;
    ECPrivateKey privateKey = null;
    try {
      publicKey = P256.publicKey(P256.base64Url(config.publicKey()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      problems.add(prefix + "vapid.publicKey: not a P-256 public key in base64url (65 bytes, uncompressed)");
    }
    try {
      privateKey = P256.privateKey(P256.base64Url(config.privateKey()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // Never the key itself: it is a secret.
      problems.add(prefix + "vapid.privateKey: not a P-256 private key in base64url (32 bytes)");
    }
    if (publicKey != null && privateKey != null && !pair(publicKey, privateKey)) {
      problems.add(prefix + "vapid.publicKey: not the public key of vapid.privateKey");
    }
    for (String origin : config.allowedOrigins()) {
      String problem = WebPushOrigins.problem(origin);
      if (problem != null) {
        problems.add(prefix + "allowedOrigins: " + origin + " " + problem);
      }
    }
    return problems;
  }

  @Override
  public TargetProtocol protocol(Vertx vertx, BoundedExchange exchange) {
    return new WebPushProtocol(exchange, this);
  }

  VapidTokens vapid() {
    return vapid;
  }

  WebPushOrigins origins() {
    return origins;
  }

  WebPushEncryption encryption() {
    return encryption;
  }

  /** Whether a signature by {@code privateKey} verifies with {@code publicKey}. */
  private static boolean pair(ECPublicKey publicKey, ECPrivateKey privateKey) {
    try {
      byte[] probe = "pushgate vapid key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
