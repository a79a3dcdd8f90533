package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
@DisplayName("VAPID tokens: one per push service origin, renewed an hour before expiry, a bounded number kept")
class VapidTokensTest {

  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  private VapidTokens tokens;

  @BeforeEach
  void create(Vertx vertx) throws Exception {
    KeyPair pair = P256.generate();
    tokens = new VapidTokens(vertx, (ECPrivateKey) pair.getPrivate(),
        P256.base64Url(P256.raw((ECPublicKey) pair.getPublic())), "mailto:ops@example.com", now::get, 3);
  }

  /** The JWT's claims, from an {@code Authorization} header. */
  private static JsonObject claims(String authorization) {
    String jwt = authorization.substring("vapid t=".length(), authorization.indexOf(','));
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("the same origin gets the same token until an hour before it expires, then a new one")
  void reused_then_renewed() {
    String first = tokens.authorization("https://fcm.googleapis.com");
    assertThat(claims(first).getString("aud")).isEqualTo("https://fcm.googleapis.com");
    assertThat(claims(first).getLong("exp")).isEqualTo((now.get() + VapidTokens.LIFETIME_MS) / 1000);
    now.addAndGet(VapidTokens.LIFETIME_MS - VapidTokens.RENEW_BEFORE_MS - 1);
    assertThat(tokens.authorization("https://fcm.googleapis.com")).isEqualTo(first);
    now.addAndGet(1);
    assertThat(tokens.authorization("https://fcm.googleapis.com")).isNotEqualTo(first);
  }

  @Test
  @DisplayName("past the cap of origins kept, the tokens are dropped and made again: memory stays bounded")
  void bounded() {
    for (int i = 0; i < 10; i++) {
      String origin = "https://host-" + i + ".notify.windows.com";
      assertThat(claims(tokens.authorization(origin)).getString("aud")).isEqualTo(origin);
      assertThat(tokens.kept()).isBetween(1, 3);
    }
  }
}
