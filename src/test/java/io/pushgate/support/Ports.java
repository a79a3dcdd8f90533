package io.pushgate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free ports on 127.0.0.1, for servers whose port must be known before they start (a member list, a jar's config). */
public final class Ports {

  private Ports() {
  }

  /** A port free now; another process could take it before it is used, which no test here races for. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
