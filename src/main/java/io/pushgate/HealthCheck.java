package io.pushgate;

import io.pushgate.config.ConfigLoader;
import io.pushgate.config.HttpConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar pushgate.jar --health-check [-conf FILE]}: one {@code GET /health/live} to the gateway running
 * beside it, over HTTPS when {@code http.tls} is set, for a container's {@code HEALTHCHECK} (the JRE image has no
 * curl, and bash's {@code /dev/tcp} cannot speak TLS). It reads the configuration as the gateway does (the file,
 * {@code PUSHGATE_*} variables, {@code pushgate.*} properties), so it finds the same port. Runs in its own
 * short-lived JVM, never on an event loop: blocking here is fine.
 *
 * <p>Over HTTPS it accepts any certificate and skips the host-name check: it only ever calls this machine's own
 * listener ({@code http.host}, or 127.0.0.1 when that is every interface), and a certificate issued for the
 * service's public name would not match 127.0.0.1 anyway. It proves the server answers, not who it is.
 */
final class HealthCheck {

  private static final Logger LOG = LoggerFactory.getLogger(HealthCheck.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private HealthCheck() {
  }

  /** 0 when {@code /health/live} answered 200, else 1. */
  static int run(String configFile) {
    URI uri = null;
    try {
      HttpConfig http = readHttpConfig(configFile);
      uri = URI.create((http.tls() ? "https" : "http") + "://" + localHost(http.host()) + ":" + http.port()
          + "/health/live");
      HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(TIMEOUT);
      if (http.tls()) {
        // Read once, when the client's SSL parameters are built; this JVM makes no other call.
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        client.sslContext(trustingAnyCertificate());
      }
      HttpResponse<String> response = client.build().send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        LOG.info("healthy: {} answered 200", uri);
        return 0;
      }
      LOG.error("unhealthy: {} answered {} {}", uri, response.statusCode(), response.body());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.error("unhealthy: interrupted");
      return 1;
    } catch (Exception e) {
      LOG.error("unhealthy: {}{}", uri == null ? "" : uri + ": ", e.toString());
      return 1;
    }
  }

  /** With Vert.x Config, as the gateway reads it, in a Vert.x of one thread per pool: this JVM must stay small. */
  private static HttpConfig readHttpConfig(String configFile) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1));
    try {
      return ConfigLoader.load(vertx, configFile).await().http();
    } finally {
      vertx.close();
    }
  }

  /** The address to call: the listening interface, or the loopback one when the gateway listens on every one. */
  private static String localHost(String host) {
    return switch (host) {
      case "0.0.0.0", "::", "[::]" -> "127.0.0.1";
      default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    };
  }

  private static SSLContext trustingAnyCertificate() throws Exception {
    TrustManager trustAll = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
    return context;
  }
}
