package io.pushgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
@DisplayName("API keys, signed deliveries and TLS")
class SecurityTest {

  private static final String OLD_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
      "old-secret-of-24-bytes!!".getBytes(StandardCharsets.UTF_8));
  private static final String NEW_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
      "new-secret-of-24-bytes!!".getBytes(StandardCharsets.UTF_8));

  @TempDir
  static Path certs;

  /** A self-signed certificate for 127.0.0.1 and localhost, made by openssl for this run. */
  @BeforeAll
  static void makeCertificate() throws Exception {
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout", certs.resolve("key.pem").toString(), "-out", certs.resolve("cert.pem").toString())
        .redirectErrorStream(true).start();
    openssl.getInputStream().readAllBytes();
    assertThat(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0).as("openssl made a certificate")
        .isTrue();
  }

  private static String cert() {
    return certs.resolve("cert.pem").toString();
  }

  private static JsonObject oneMessage(String target) {
    return new JsonObject().put("target", target)
        .put("messages", new JsonArray().add(new JsonObject().put("user_id", "1").put("message", "Hello")));
  }

  /** A gateway whose API needs one of the keys {@code key-one} and {@code key-two}. */
  private static TestGateway withApiKeys(Vertx vertx, FakeTarget target) {
    return GatewayFixture.start(vertx,
        raw -> raw.put("auth", new JsonObject().put("apiKeys", new JsonArray().add("key-one").add("key-two"))), target);
  }

  @Test
  @DisplayName("with API keys set, /v1/* needs one; probes and metrics do not")
  void api_keys(Vertx vertx) {
    FakeTarget target = new FakeTarget();
    TestGateway gateway = withApiKeys(vertx, target);
    WebClient client = gateway.client();
    HttpResponse<Buffer> none = client.post("/v1/push").sendJsonObject(oneMessage("default")).await();
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(none.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
    HttpResponse<Buffer> wrong = client.post("/v1/push").bearerTokenAuthentication("key-three")
        .sendJsonObject(oneMessage("default")).await();
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(client.get("/v1/targets").send().await().statusCode()).as("target list too").isEqualTo(401);
    HttpResponse<Buffer> right = client.post("/v1/push").bearerTokenAuthentication("key-two")
        .sendJsonObject(oneMessage("default")).await();
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(gateway.get("/health/ready").await().statusCode()).isEqualTo(200);
    assertThat(gateway.get("/metrics").await().statusCode()).isEqualTo(200);
    assertThat(target.requests()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/./v1/push", "//v1/push", "/%761/push", "/v1/../v1/push"})
  @DisplayName("with API keys set, a path that only looks different from /v1/push needs a key too")
  void disguised_paths_need_a_key(String path, Vertx vertx) {
    FakeTarget target = new FakeTarget();
    TestGateway gateway = withApiKeys(vertx, target);
    HttpResponse<Buffer> disguised = gateway.client().post(path).sendJsonObject(oneMessage("default")).await();
    assertThat(disguised.statusCode()).isEqualTo(401);
    assertThat(target.requests()).isZero();
  }

  @Test
  @DisplayName("deliveries carry Standard Webhooks signatures, both secrets during rotation, the same id on retries")
  void signed_deliveries(Vertx vertx) throws Exception {
    FakeTarget target = new FakeTarget().failFirst(1, 500);
    TestGateway gateway = GatewayFixture.start(vertx, raw -> raw.getJsonObject("targets").getJsonObject("default")
        .put("signingSecret", new JsonArray().add(NEW_SECRET).add(OLD_SECRET)), target);
    HttpResponse<Buffer> response = gateway.post("/v1/push", oneMessage("default")).await();
    assertThat(response.bodyAsJsonObject().getInteger("delivered")).isEqualTo(1);
    List<FakeTarget.Received> attempts = target.received();
    assertThat(attempts).hasSize(2);
    for (FakeTarget.Received attempt : attempts) {
      String id = attempt.header("webhook-id");
      assertThat(id).isEqualTo(attempt.header("Pushgate-Message-Id"))
          .isEqualTo(attempts.get(0).header("webhook-id"));
      long timestamp = Long.parseLong(attempt.header("webhook-timestamp"));
      assertThat(timestamp).isCloseTo(System.currentTimeMillis() / 1000, Offset.offset(60L));
      String signed = id + "." + timestamp + "." + attempt.body().toString(StandardCharsets.UTF_8);
      assertThat(attempt.header("webhook-signature"))
          .isEqualTo("v1," + hmac(NEW_SECRET, signed) + " v1," + hmac(OLD_SECRET, signed));
    }
  }

  @Test
  @DisplayName("the API serves HTTPS; an HTTPS target is reached with its trust store, and refused without")
  void tls_both_ways(Vertx vertx) {
    String key = certs.resolve("key.pem").toString();
    FakeTarget secure = new FakeTarget(new HttpServerOptions().setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert()).setKeyPath(key)));
    TestGateway gateway = GatewayFixture.start(vertx, raw -> {
      raw.getJsonObject("http").put("tls", new JsonObject().put("certPath", cert()).put("keyPath", key));
      raw.getJsonObject("targets").getJsonObject("default").put("trustStore", new JsonObject().put("path", cert()));
      raw.getJsonObject("targets").put("untrusted", TestConfigs.target(secure.url()).put("maxAttempts", 1));
    }, secure);
    WebClient https = WebClient.create(vertx, new WebClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(cert())));
    HttpResponse<Buffer> trusted = https.post(gateway.port(), "127.0.0.1", "/v1/push")
        .sendJsonObject(oneMessage("default")).await();
    assertThat(trusted.statusCode()).isEqualTo(200);
    assertThat(trusted.bodyAsJsonObject().getInteger("delivered")).isEqualTo(1);
    HttpResponse<Buffer> untrusted = https.post(gateway.port(), "127.0.0.1", "/v1/push")
        .sendJsonObject(oneMessage("untrusted")).await();
    JsonObject result = untrusted.bodyAsJsonObject().getJsonArray("results").getJsonObject(0);
    assertThat(result.getString("status")).isEqualTo("failed");
    assertThat(result.getString("error")).isEqualTo("connection_failed");
    assertThat(secure.requests()).isEqualTo(1);
  }

  /** The signature computed here, independently of the gateway's signer. */
  private static String hmac(String secret, String content) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
  }
}
