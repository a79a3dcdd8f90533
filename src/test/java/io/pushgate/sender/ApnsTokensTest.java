package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
@DisplayName("APNs provider tokens: ES256, one per node, 40 minutes, one forced renewal")
class ApnsTokensTest {

  private static final long START_MS = 1_700_000_000_000L;
  private static final long MINUTE_MS = 60_000;

  private final AtomicLong clock = new AtomicLong(START_MS);
  private KeyPair keys;
  private ApnsTokens tokens;

  @BeforeEach
  void tokens(Vertx vertx) {
    keys = TestKeys.ec("secp256r1");
    tokens = new ApnsTokens(vertx, ApnsSigningKey.of("TEAM123456", "KEY1234567",
        Buffer.buffer(TestKeys.pem(keys.getPrivate()))),
        clock::get);
  }

  @Test
  @DisplayName("a token is an ES256 JWT: alg and kid in the header, iss and iat (seconds) in the claims, a P-256 "
      + "signature the JDK verifies")
  void token_is_an_es256_jwt() throws Exception {
    String token = tokens.current();
    String[] parts = token.split("\\.");
    assertThat(parts).hasSize(3);
    JsonObject header = json(parts[0]);
    JsonObject claims = json(parts[1]);
    assertThat(header.getString("alg")).isEqualTo("ES256");
    assertThat(header.getString("kid")).isEqualTo("KEY1234567");
    assertThat(claims.getString("iss")).isEqualTo("TEAM123456");
    assertThat(claims.getLong("iat")).isEqualTo(START_MS / 1000);
    assertThat(claims.fieldNames()).containsExactlyInAnyOrder("iss", "iat");
    assertThat(verifies(keys.getPublic(), parts)).isTrue();
    assertThat(verifies(TestKeys.ec("secp256r1").getPublic(), parts)).as("another key's signature").isFalse();
  }

  @Test
  @DisplayName("the same token for 40 minutes, then a new one")
  void reused_for_forty_minutes() {
    String first = tokens.current();
    clock.addAndGet(40 * MINUTE_MS - 1);
    assertThat(tokens.current()).isSameAs(first);
    clock.addAndGet(1);
    String second = tokens.current();
    assertThat(second).isNotEqualTo(first);
    assertThat(json(second.split("\\.")[1]).getLong("iat")).isEqualTo((START_MS + 40 * MINUTE_MS) / 1000);
    assertThat(tokens.signed()).isEqualTo(2);
  }

  @Test
  @DisplayName("ExpiredProviderToken renews the token once; reports of the old token get the new one; the new one "
      + "is not renewed again within 20 minutes")
  void expired_renews_once() {
    String first = tokens.current();
    clock.addAndGet(MINUTE_MS);
    String renewed = tokens.renewExpired(first);
    assertThat(renewed).isNotEqualTo(first);
    assertThat(tokens.current()).isEqualTo(renewed);
    assertThat(tokens.renewExpired(first)).as("another sender reports the old token").isEqualTo(renewed);
    clock.addAndGet(20 * MINUTE_MS - 1);
    assertThat(tokens.renewExpired(renewed)).as("the new one, too soon").isEqualTo(renewed);
    assertThat(tokens.signed()).isEqualTo(2);
    clock.addAndGet(1);
    assertThat(tokens.renewExpired(renewed)).as("20 minutes on").isNotEqualTo(renewed);
    assertThat(tokens.signed()).isEqualTo(3);
  }

  @Test
  @DisplayName("many threads reporting the same expired token renew it once, and all get the same new token")
  void concurrent_reports_renew_once() throws Exception {
    String first = tokens.current();
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      Callable<String> report = () -> {
        go.await();
        return tokens.renewExpired(first);
      };
      List<Future<String>> answers = IntStream.range(0, 64).mapToObj(i -> pool.submit(report)).toList();
      go.countDown();
      Set<String> seen = new HashSet<>();
      for (Future<String> answer : answers) {
        seen.add(answer.get(10, TimeUnit.SECONDS));
      }
      assertThat(seen).hasSize(1).doesNotContain(first);
      assertThat(tokens.signed()).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  private static JsonObject json(String base64url) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8));
  }

  /** JWS ES256 signatures are r || s, 64 bytes: the JDK's P1363 format. */
  private static boolean verifies(PublicKey key, String[] parts) throws Exception {
    Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
    signature.initVerify(key);
    signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
  }
}
