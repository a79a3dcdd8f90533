package io.pushgate.sender;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The push services a {@code webpush} target may post to ({@code allowedOrigins}). A message names its own endpoint,
 * so this list is what keeps a caller from making the gateway call any URL: {@code https://host[:port]} matches that
 * origin exactly, {@code https://*.domain[:port]} any host under {@code domain}.
 */
final class WebPushOrigins {

  private final List<String> patterns;

  WebPushOrigins(List<String> patterns) {
    this.patterns = patterns.stream().map(pattern -> pattern.toLowerCase(Locale.ROOT)).toList();
  }

  /** Whether a message may be posted to {@code origin} (as {@link #origin} gives it). */
  boolean allows(String origin) {
    return entryFor(origin) != null;
  }

  /**
   * The {@code allowedOrigins} entry, in lower case, that lets a message be posted to {@code origin}: one push
   * service, however many hosts a wildcard entry covers; {@code null} when none does.
   */
  String entryFor(String origin) {
    for (String pattern : patterns) {
      if (pattern.equals(origin)) {
        return pattern;
      }
      int wildcard = pattern.indexOf("://*.");
      if (wildcard > 0) {
        String scheme = pattern.substring(0, wildcard + 3);
        String suffix = pattern.substring(wildcard + 4);
        if (origin.startsWith(scheme) && origin.endsWith(suffix)
            && origin.length() > scheme.length() + suffix.length()) {
          return pattern;
        }
      }
    }
    return null;
  }

  /** {@code scheme://host[:port]} in lower case, the port only when it is not the scheme's own. */
  static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean ownPort = port < 0 || "https".equals(scheme) && port == 443 || "http".equals(scheme) && port == 80;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (ownPort ? "" : ":" + port);
  }

  /** What is wrong with a configured origin pattern, or {@code null}. */
  static String problem(String pattern) {
    try {
      URI uri = new URI(pattern.replace("://*.", "://wildcard."));
      boolean plain = ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
          && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
          && uri.getRawUserInfo() == null;
      return plain ? null : "must be an origin, scheme://host[:port], with no path";
    } catch (URISyntaxException e) {
      return "must be an origin, scheme://host[:port], with no path";
    }
  }
}
