package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeFcm;
import io.pushgate.support.TestServiceAccount;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JWT-bearer grant as vertx-auth-oauth2's GoogleAuth makes it, checked by the stand-in's own verifier (the JDK's
 * RSA signature check, the claims one by one).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
@DisplayName("FCM token endpoint: a signed assertion for an access token")
class FcmTokenEndpointTest {

  private static TestServiceAccount account;
  private FakeFcm fcm;

  @TempDir
  Path dir;

  @BeforeAll
  static void generate() {
    account = TestServiceAccount.generate();
  }

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    fcm = new FakeFcm(account);
    vertx.deployVerticle(fcm).onComplete(ctx.succeedingThenComplete());
  }

  private FcmTokenEndpoint endpoint(Vertx vertx, TestServiceAccount signer) {
    Path file = signer.write(dir, fcm.tokenUri());
    return new FcmTokenEndpoint(vertx, account(file), new HttpClientOptions(), 2000);
  }

  private static FcmServiceAccount account(Path file) {
    try {
      return FcmServiceAccount.read("key", file.toString(), Buffer.buffer(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  @DisplayName("the stand-in takes the assertion and hands out a token with its lifetime")
  void gets_a_token(Vertx vertx, VertxTestContext ctx) {
    fcm.tokenLifetimeSeconds(120);
    FcmTokenEndpoint endpoint = endpoint(vertx, account);
    endpoint.get().onComplete(ctx.succeeding(token -> ctx.verify(() -> {
      assertThat(fcm.refusedAssertions()).isEmpty();
      assertThat(token.value()).startsWith("ya29.fake-1-");
      assertThat(token.lifetimeMs()).isEqualTo(120_000);
      assertThat(token.toString()).doesNotContain("ya29");
      assertThat(fcm.tokenRequests()).isEqualTo(1);
      endpoint.close();
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("an assertion signed by another key is refused, and the failure says why")
  void wrong_key(Vertx vertx, VertxTestContext ctx) {
    FcmTokenEndpoint endpoint = endpoint(vertx, TestServiceAccount.generate());
    endpoint.get().onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertThat(failure).isInstanceOf(FcmTokenEndpoint.TokenUnavailableException.class)
          .hasMessage("no FCM access token from " + fcm.tokenUri() + ": invalid_grant: Invalid JWT Signature.");
      assertThat(fcm.refusedAssertions()).containsExactly("Invalid JWT Signature.");
      endpoint.close();
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a token endpoint that does not answer in time fails the fetch")
  void timeout(Vertx vertx, VertxTestContext ctx) {
    // A port that accepts nothing in time: a server that never answers.
    vertx.createHttpServer().requestHandler(request -> { }).listen(0, "127.0.0.1")
        .onComplete(ctx.succeeding(server -> {
          Path file = TestServiceAccount.write(dir.resolve("sa.json"),
              account.json("http://127.0.0.1:" + server.actualPort() + "/token"));
          FcmTokenEndpoint endpoint = new FcmTokenEndpoint(vertx, account(file),
              new HttpClientOptions(), 300);
          endpoint.get().onComplete(ctx.failing(failure -> ctx.verify(() -> {
            assertThat(failure).hasMessageContaining("no FCM access token from http://127.0.0.1:")
                .hasMessageContaining("Timeout");
            endpoint.close();
            ctx.completeNow();
          })));
        }));
  }
}
