package io.pushgate.sender;

import io.pushgate.config.TargetConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@code fcm} target on one node: its service account, read at start-up, and the one access token that every
 * sender of the node sends with ({@link FcmAccessTokens}), fetched from the account's {@code token_uri}
 * ({@link FcmTokenEndpoint}) over a client of its own, with the target's trust store and timeout, and refreshed by a
 * Vert.x timer ahead of its expiry. Each sender gets its own {@link FcmProtocol} on its own client. Thread-safe.
 */
final class FcmKind implements KindRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(FcmKind.class);

  /** How long an idle connection to the token endpoint is kept, in seconds: tokens come about once an hour. */
  private static final int TOKEN_CLIENT_IDLE_SECONDS = 30;

  private final TargetConfig target;
  private final String projectId;
  private final FcmTokenEndpoint endpoint;
  private final FcmAccessTokens tokens;

  /** The runtime of {@code target}, whose service account {@link #problems} found good. */
  FcmKind(Vertx vertx, TargetConfig target, KeyFiles files) {
    FcmServiceAccount account = FcmServiceAccount.read(key(target), target.fcm().serviceAccountPath(),
        files.get(key(target)));
    this.target = target;
    this.projectId = account.projectId();
    this.endpoint = new FcmTokenEndpoint(vertx, account, tokenClientOptions(target), target.timeoutMs());
    // A failed fetch is logged here, once (a second is the soonest the next one starts); its messages carry it too.
    Supplier<Future<FcmAccessTokens.Token>> fetch = () -> endpoint.get().onFailure(failure ->
        LOG.warn("target {}: {}", target.name(), failure.getMessage()));
    this.tokens = new FcmAccessTokens(fetch, System::currentTimeMillis, new FcmAccessTokens.Scheduler() {
      @Override
      public long schedule(long delayMs, Runnable task) {
        return vertx.setTimer(delayMs, id -> task.run());
      }

      @Override
      public void cancel(long id) {
        vertx.cancelTimer(id);
      }
    });
  }

  /** What is wrong with the target's service-account file, each problem naming its config key. */
  static List<String> problems(TargetConfig target, KeyFiles files) {
    return FcmServiceAccount.problems(key(target), target.fcm().serviceAccountPath(), files.get(key(target)));
  }

  /** The config key that names the service-account file. */
  static String key(TargetConfig target) {
    return "targets." + target.name() + ".fcm.serviceAccountPath";
  }

  @Override
  public TargetProtocol protocol(Vertx vertx, BoundedExchange exchange) {
    return new FcmProtocol(vertx, exchange, target, projectId, tokens);
  }

  @Override
  public void close() {
    tokens.close();
    endpoint.close();
  }

  /** The node's access tokens, for tests. */
  FcmAccessTokens tokens() {
    return tokens;
  }

  private static HttpClientOptions tokenClientOptions(TargetConfig target) {
    HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
        .setConnectTimeout(target.timeoutMs()).setIdleTimeout(TOKEN_CLIENT_IDLE_SECONDS);
    if (target.trustStorePath() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(target.trustStorePath()));
    }
    return options;
  }
}
