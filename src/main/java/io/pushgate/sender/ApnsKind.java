package io.pushgate.sender;

import io.pushgate.config.ApnsConfig;
import io.pushgate.config.TargetConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code apns} target on one node: the node's provider token ({@link ApnsTokens}, made from the target's
 * {@code .p8} key), shared by every sender, and each sender's {@link ApnsProtocol}.
 *
 * <p>APNs takes HTTP/2 only, over TLS, with ALPN naming {@code h2}: each sender's client offers nothing else, keeps
 * at most {@link #CONNECTIONS_PER_SENDER} connections and sends many messages at once on each, as streams, within the
 * server's {@code MAX_CONCURRENT_STREAMS} (the client reads it from the server's settings; APNs raises it once a
 * connection has shown a valid token). The messages one sender has in flight to the target are bounded by
 * {@code senders.maxConnectionsPerTarget}, which for HTTP/2 counts streams, not connections. The client's wait
 * queue ({@code senders.maxWaitQueue}) holds the requests that find every stream busy.
 *
 * <p>Thread-safe: {@link ApnsTokens} is; the rest is immutable.
 */
final class ApnsKind implements KindRuntime {

  /** HTTP/2 connections one sender keeps to APNs; the second opens only while the first has no stream free. */
  static final int CONNECTIONS_PER_SENDER = 2;

  private final TargetConfig target;
  private final ApnsTokens tokens;

  /** The runtime of {@code target}, whose key {@link #problems} found nothing wrong with. */
  ApnsKind(Vertx vertx, TargetConfig target, KeyFiles files) {
    ApnsConfig apns = target.apns();
    this.target = target;
    this.tokens = new ApnsTokens(vertx, ApnsSigningKey.of(apns.teamId(), apns.keyId(), files.get(keyPathKey(target))));
  }

  /** What is wrong with the target's ids, topic, key file and URL, each naming its config key. */
  static List<String> problems(TargetConfig target, KeyFiles files) {
    ApnsConfig apns = target.apns();
    String prefix = "targets." + target.name() + ".apns";
    List<String> problems = new ArrayList<>(ApnsSigningKey.problems(prefix, apns.teamId(), apns.keyId(),
        apns.keyPath(), files.get(keyPathKey(target)), apns.topic()));
    if (!"https".equals(URI.create(target.url()).getScheme())) {
      problems.add("targets." + target.name() + ".url: APNs takes HTTPS only (https://api.push.apple.com, or "
          + "https://api.sandbox.push.apple.com for development), not " + target.redactedUrl());
    }
    return problems;
  }

  private static String keyPathKey(TargetConfig target) {
    return "targets." + target.name() + ".apns.keyPath";
  }

  @Override
  public HttpClientOptions clientOptions(HttpClientOptions defaults) {
    return defaults.setSsl(true).setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2));
  }

  @Override
  public PoolOptions poolOptions(PoolOptions defaults) {
    return defaults.setHttp2MaxSize(CONNECTIONS_PER_SENDER);
  }

  @Override
  public TargetProtocol protocol(Vertx vertx, BoundedExchange exchange) {
    return new ApnsProtocol(exchange, tokens, target);
  }

  /** The node's token: tests count its renewals. */
  ApnsTokens tokens() {
    return tokens;
  }
}
