package io.pushgate.support;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hand-framed HTTP/1.1 over a plain {@link Socket}, for requests no HTTP client would send (bad chunk sizes, cut-short
 * bodies, odd header framing). Blocking: call it on the JUnit thread only, never on an event loop.
 */
public final class RawHttp {

  private static final int READ_TIMEOUT_MS = 2_000;
  private static final int MAX_RESPONSE_BYTES = 1 << 20;

  private RawHttp() {
  }

  /**
   * What came back: a status (0 when the connection closed, was reset or stayed silent without an answer), the
   * headers with lower-case names and the body, as text.
   */
  public record Answer(int status, Map<String, String> headers, String body, String raw) {

    public boolean answered() {
      return status > 0;
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  /**
   * Sends {@code request} (ISO-8859-1, as written) to 127.0.0.1:{@code port}; then, with {@code halfClose}, shuts the
   * sending side down, or with {@code reset}, resets the connection at once without reading; and reads one answer,
   * for at most {@value #READ_TIMEOUT_MS} ms of silence.
   */
  public static Answer exchange(int port, String request, boolean halfClose, boolean reset) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      if (reset) {
        socket.setSoLinger(true, 0);
        return new Answer(0, Map.of(), "", "");
      }
      if (halfClose) {
        socket.shutdownOutput();
      }
      return parse(readAll(socket.getInputStream()));
    }
  }

  private static byte[] readAll(InputStream in) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; bytes.size() < MAX_RESPONSE_BYTES && (n = in.read(buffer)) >= 0; ) {
        bytes.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException silent) {
      // What came so far is the answer (a keep-alive answer leaves the connection open).
    } catch (IOException reset) {
      // Reset by the server: what came before the reset still counts.
    }
    return bytes.toByteArray();
  }

  private static Answer parse(byte[] bytes) {
    String raw = new String(bytes, StandardCharsets.ISO_8859_1);
    int headEnd = raw.indexOf("\r\n\r\n");
    if (!raw.startsWith("HTTP/") || headEnd < 0) {
      return new Answer(0, Map.of(), "", raw);
    }
    String[] lines = raw.substring(0, headEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    String body = raw.substring(headEnd + 4);
    String length = headers.get("content-length");
    if (length != null && body.length() > Integer.parseInt(length)) {
      body = body.substring(0, Integer.parseInt(length));
    }
    return new Answer(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
        raw);
  }
}
