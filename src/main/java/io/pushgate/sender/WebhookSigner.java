package io.pushgate.sender;

import io.pushgate.config.ConfigValidator;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs deliveries as Standard Webhooks do: {@code webhook-signature} is {@code v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">}, one per configured secret, space-separated while a secret is being rotated.
 *
 * <p>Not thread-safe ({@link Mac} is not): each sender has its own.
 */
final class WebhookSigner {

  static final String ID_HEADER = "webhook-id";
  static final String TIMESTAMP_HEADER = "webhook-timestamp";
  static final String SIGNATURE_HEADER = "webhook-signature";
  private static final String ALGORITHM = "HmacSHA256";

  private final List<Mac> macs;

  /** @param secrets {@code whsec_<base64>} secrets, checked by the config validator */
  WebhookSigner(List<String> secrets) {
    this.macs = secrets.stream().map(WebhookSigner::mac).toList();
  }

  /** The {@code webhook-signature} value for a message. */
  String signature(String messageId, long timestampSeconds, Buffer body) {
    byte[] prefix = (messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
    byte[] bytes = body.getBytes();
    StringBuilder signatures = new StringBuilder();
    for (Mac mac : macs) {
      mac.update(prefix);
      mac.update(bytes);
      if (!signatures.isEmpty()) {
        signatures.append(' ');
      }
      signatures.append("v1,").append(Base64.getEncoder().encodeToString(mac.doFinal()));
    }
    return signatures.toString();
  }

  private static Mac mac(String secret) {
    byte[] key = Base64.getDecoder().decode(secret.substring(ConfigValidator.WEBHOOK_SECRET_PREFIX.length()));
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
    }
  }
}
