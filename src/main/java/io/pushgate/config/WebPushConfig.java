package io.pushgate.config;

import java.util.List;

/**
 * A {@code webpush} target's VAPID identity ({@code targets.<name>.vapid.*}) and the push services it may post to.
 *
 * @param publicKey the VAPID public key: an uncompressed P-256 point, base64url, as {@code web-push
 *     generate-vapid-keys} prints it
 * @param privateKey the VAPID private key: the P-256 scalar, base64url; a secret, never shown
 * @param subject a {@code mailto:} or {@code https:} contact for the push services
 * @param allowedOrigins the push services' origins ({@code https://host[:port]}, {@code *.} for any subdomain)
 *     a message's endpoint may be on; empty for the browsers' own push services
 */
public record WebPushConfig(String publicKey, String privateKey, String subject, List<String> allowedOrigins) {

  /** The push services of Chrome (FCM), Firefox (Mozilla), Safari (Apple), and Edge and Windows (WNS). */
  public static final List<String> BROWSER_PUSH_SERVICES = List.of("https://fcm.googleapis.com",
      "https://updates.push.services.mozilla.com", "https://web.push.apple.com", "https://*.notify.windows.com");

  public WebPushConfig {
    allowedOrigins = allowedOrigins.isEmpty() ? BROWSER_PUSH_SERVICES : List.copyOf(allowedOrigins);
  }

  @Override
  public String toString() {
    return "WebPushConfig[publicKey=" + publicKey + ", subject=" + subject + ", allowedOrigins=" + allowedOrigins + "]";
  }
}
