package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.ApnsStandIn;
import io.pushgate.support.TestKeys;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The APNs stand-in is only worth its tests if it refuses what APNs refuses: checked here with a plain Vert.x client,
 * no Pushgate code but the token signer.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("the local APNs stand-in refuses what APNs refuses")
class ApnsStandInTest {

  private static final String DEVICE = "ab".repeat(32);

  @TempDir
  Path dir;
  private ApnsStandIn standIn;

  @BeforeEach
  void start() {
    standIn = ApnsStandIn.start(dir);
  }

  @AfterEach
  void stop() throws InterruptedException {
    standIn.close();
  }

  private HttpClient client(Vertx vertx, boolean http2) {
    HttpClientOptions options = new HttpClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(standIn.certPath()));
    if (http2) {
      options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true);
    }
    return vertx.createHttpClient(options);
  }

  /** An answer, read whole on the event loop. */
  private record Answer(HttpVersion version, int status, String apnsId, Buffer body) {
  }

  /**
   * Posts from {@code context}, the event-loop context all of a test's requests run on. Posted from the JUnit thread
   * instead, each request gets a context of its own, other than its HTTP/2 connection's: the answer's end can then be
   * handled before {@code body()} is asked for, and the body never comes (5 runs in 150 hung so, under load).
   */
  private Future<Answer> post(Context context, HttpClient client, String token) {
    Promise<Answer> answer = Promise.promise();
    context.runOnContext(v -> client.request(new RequestOptions().setMethod(HttpMethod.POST)
            .setAbsoluteURI(standIn.url() + "/3/device/" + DEVICE)
            .putHeader("authorization", "bearer " + token).putHeader("apns-topic", ApnsStandIn.TOPIC)
            .putHeader("apns-push-type", "alert"))
        .compose(request -> request.send(new JsonObject().put("aps", new JsonObject().put("alert", "hi")).encode()))
        .compose(response -> response.body().map(body -> new Answer(response.version(), response.statusCode(),
            response.getHeader("apns-id"), body)))
        .onComplete(answer));
    return answer.future();
  }

  private ApnsTokens tokens(Vertx vertx, Buffer p8) {
    return new ApnsTokens(vertx, ApnsSigningKey.of(ApnsStandIn.TEAM_ID, ApnsStandIn.KEY_ID, p8));
  }

  @Test
  @DisplayName("a token signed with the right key passes; one signed with another key is 403 InvalidProviderToken "
      + "and a violation")
  void verifies_the_token(Vertx vertx) throws Exception {
    HttpClient client = client(vertx, true);
    Context context = vertx.getOrCreateContext();
    Buffer right = Buffer.buffer(Files.readAllBytes(Path.of(standIn.signingKeyPath())));
    Answer good = post(context, client, tokens(vertx, right).current()).await();
    assertThat(good.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(good.status()).isEqualTo(200);
    assertThat(good.apnsId()).isNotBlank();
    assertThat(standIn.stats().getInteger("violationCount")).isZero();

    Buffer other = Buffer.buffer(TestKeys.pem(TestKeys.ec("secp256r1").getPrivate()));
    Answer forged = post(context, client, tokens(vertx, other).current()).await();
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.body().toJsonObject().getString("reason")).isEqualTo("InvalidProviderToken");
    JsonObject stats = standIn.stats();
    assertThat(stats.getInteger("violationCount")).isEqualTo(1);
    assertThat(stats.getJsonObject("alpn").getInteger("h2")).isEqualTo(1);
    client.close().await();
  }

  @Test
  @DisplayName("HTTP/1.1 over TLS gets no answer: the stand-in speaks HTTP/2 only")
  void http2_only(Vertx vertx) {
    HttpClient client = client(vertx, false);
    Future<Answer> http1 = post(vertx.getOrCreateContext(), client, "whatever");
    assertThat(http1.transform(done -> Future.succeededFuture(done.failed())).await()).as("HTTP/1.1 failed").isTrue();
    JsonObject stats = standIn.stats();
    assertThat(stats.getInteger("streams")).isZero();
    assertThat(stats.getJsonObject("alpn").getInteger("refused")).isEqualTo(1);
    client.close().await();
  }
}
