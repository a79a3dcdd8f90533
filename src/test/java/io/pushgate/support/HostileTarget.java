package io.pushgate.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A target that breaks HTTP on purpose, byte by byte: a raw {@link NetServer} on 127.0.0.1 and a free port that
 * reads each request (its head, then a body of its {@code Content-Length}) and answers with raw bytes: a huge body,
 * a body that trickles, a status line no HTTP server would send. It counts, per connection, the bytes it wrote and
 * whether the client closed it. Safe to read from the test thread.
 */
public final class HostileTarget extends VerticleBase {

  /** A snowman is 3 bytes in UTF-8: a cut that splits one shows. */
  private static final String SNOWMAN = "\u2603";
  /** One chunk of a huge body: 21845 snowmen, 65535 bytes. */
  public static final Buffer CHUNK = Buffer.buffer(SNOWMAN.repeat(21_845));

  private static final int SEND_BUFFER_BYTES = 64 * 1024;

  /** One connection as the target saw it. */
  public static final class Connection {
    private final NetSocket socket;
    private final AtomicLong written = new AtomicLong();
    private final Promise<Void> closed = Promise.promise();

    private Connection(NetSocket socket) {
      this.socket = socket;
    }

    private void write(Buffer bytes) {
      written.addAndGet(bytes.length());
      socket.write(bytes);
    }

    /** Bytes the target handed to the connection. */
    public long written() {
      return written.get();
    }

    /** Completes when the connection closes. */
    public Future<Void> closed() {
      return closed.future();
    }

    private boolean isClosed() {
      return closed.future().isComplete();
    }
  }

  private final BiConsumer<HostileTarget, Connection> answer;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private NetServer server;

  private HostileTarget(BiConsumer<HostileTarget, Connection> answer) {
    this.answer = answer;
  }

  /** Answers 200 with a body of {@code chunks} × {@link #CHUNK}, written as fast as the client reads it. */
  public static HostileTarget hugeBody(int chunks) {
    long length = (long) chunks * CHUNK.length();
    return new HostileTarget((target, connection) -> {
      connection.write(head("HTTP/1.1 200 OK", "text/plain; charset=utf-8", length));
      pump(connection, chunks);
    });
  }

  /** Answers 200 with its headers at once, then one body byte every {@code periodMs} until the client goes. */
  public static HostileTarget trickle(long periodMs) {
    return new HostileTarget((target, connection) -> {
      connection.write(head("HTTP/1.1 200 OK", "text/plain", 1_000_000));
      long timer = target.vertx.setPeriodic(periodMs, id -> connection.write(Buffer.buffer("x")));
      connection.closed().onComplete(closed -> target.vertx.cancelTimer(timer));
    });
  }

  /** Answers with {@code statusLine} (e.g. {@code HTTP/1.1 999999 Unknown Status}), then a small JSON body. */
  public static HostileTarget statusLine(String statusLine) {
    return new HostileTarget((target, connection) ->
        connection.write(head(statusLine, "application/json", 2).appendString("{}")));
  }

  @Override
  public Future<?> start() {
    // A fixed send buffer, so that what the kernel takes in after the client went stays small and the same everywhere.
    server = vertx.createNetServer(new NetServerOptions().setSendBufferSize(SEND_BUFFER_BYTES))
        .connectHandler(this::accept);
    return server.listen(0, "127.0.0.1");
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/push";
  }

  /** Requests read whole so far. */
  public int requests() {
    return requests.get();
  }

  /** The connections clients opened so far. */
  public List<Connection> connections() {
    return List.copyOf(connections);
  }

  /** Completes when every connection opened so far has closed. */
  public Future<?> allClosed() {
    return Future.all(connections().stream().map(Connection::closed).toList());
  }

  private void accept(NetSocket socket) {
    Connection connection = new Connection(socket);
    connections.add(connection);
    socket.closeHandler(v -> connection.closed.tryComplete());
    socket.exceptionHandler(e -> socket.close());
    RecordParser parser = RecordParser.newDelimited("\r\n\r\n");
    // Head, then body: the parser switches between the two for every request on the connection.
    parser.handler(new io.vertx.core.Handler<>() {
      private boolean inBody;

      @Override
      public void handle(Buffer record) {
        int length = inBody ? 0 : contentLength(record);
        if (length > 0) {
          inBody = true;
          parser.fixedSizeMode(length);
          return;
        }
        inBody = false;
        parser.delimitedMode("\r\n\r\n");
        requests.incrementAndGet();
        answer.accept(HostileTarget.this, connection);
      }
    });
    socket.handler(parser);
  }

  private static int contentLength(Buffer head) {
    for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return 0;
  }

  private static Buffer head(String statusLine, String contentType, long contentLength) {
    return Buffer.buffer(statusLine + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + contentLength
        + "\r\n\r\n");
  }

  /** Writes the remaining chunks while the connection takes them, and goes on when it drains. */
  private static void pump(Connection connection, int chunks) {
    int left = chunks;
    while (left > 0 && !connection.isClosed() && !connection.socket.writeQueueFull()) {
      connection.write(CHUNK);
      left--;
    }
    if (left > 0 && !connection.isClosed()) {
      int rest = left;
      connection.socket.drainHandler(v -> pump(connection, rest));
    }
  }
}
