package io.pushgate.sender;

import java.net.URI;

/**
 * Where requests to an absolute {@code http://} or {@code https://} URL go, as a {@code RequestOptions} takes it: the
 * host, the port (the scheme's own when the URL names none), TLS or not, and the raw path and query. Every kind reads
 * its target's URL (or, for Web Push, each message's endpoint) through this one reading.
 *
 * @param rawPath the path as written, {@code ""} when the URL has none
 * @param rawQuery the query as written, or {@code null}
 */
record EndpointAddress(String host, int port, boolean ssl, String rawPath, String rawQuery) {

  static EndpointAddress of(URI url) {
    boolean ssl = "https".equals(url.getScheme());
    return new EndpointAddress(url.getHost(), url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80, ssl,
        url.getRawPath() == null ? "" : url.getRawPath(), url.getRawQuery());
  }

  /** The request's URI: the path ({@code /} for none) and the query. */
  String pathAndQuery() {
    String path = rawPath.isEmpty() ? "/" : rawPath;
    return rawQuery == null ? path : path + "?" + rawQuery;
  }

  /** The path without its trailing slashes: the base a kind appends its own path to. */
  String basePath() {
    return rawPath.replaceAll("/+$", "");
  }
}
