package io.pushgate.config;

import java.net.BindException;

/**
 * A start-up failure a person can act on, such as a port already in use: its message is one line naming the setting
 * at fault and what to do, so {@code Main} prints it without a stack trace. The original failure is kept as the
 * cause.
 */
public final class StartupException extends RuntimeException {

  public StartupException(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /**
   * The failure of a server listening on {@code host:port}, which {@code portKey} (such as {@code http.port}) sets:
   * a port in use says so and names the environment variable that moves it.
   */
  public static StartupException listenFailed(String portKey, String host, int port, Throwable cause) {
    return listenFailed(portKey, host, port, cause, "");
  }

  /** Like {@link #listenFailed(String, String, int, Throwable)}, with {@code otherwise} added to the advice. */
  public static StartupException listenFailed(String portKey, String host, int port, Throwable cause,
                                              String otherwise) {
    String env = ConfigSchema.find(portKey).map(ConfigKey::envName).orElse(portKey);
    String address = host + ":" + port;
    if (cause instanceof BindException && String.valueOf(cause.getMessage()).contains("in use")) {
      return new StartupException(portKey + ": " + address + " is already in use; stop the other process or set "
          + env + " (or " + portKey + " in the config file) to a free port" + otherwise, cause);
    }
    return new StartupException(portKey + ": cannot listen on " + address + " (" + cause + "); check "
        + portKey.replace(".port", ".host") + " and " + portKey + otherwise, cause);
  }
}
