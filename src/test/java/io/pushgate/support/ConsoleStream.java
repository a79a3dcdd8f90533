package io.pushgate.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An open {@code GET /v1/console/events} stream and the snapshots it has brought so far; safe to read anywhere. */
public final class ConsoleStream {

  private static final Pattern EVENT = Pattern.compile("id: (\\d+)\nevent: (\\w+)\ndata: (.*)\n\n");

  private final HttpClientResponse response;
  private final StringBuilder text = new StringBuilder();
  private final List<Long> ids = new CopyOnWriteArrayList<>();
  private final List<JsonObject> snapshots = new CopyOnWriteArrayList<>();

  private ConsoleStream(HttpClientResponse response) {
    this.response = response;
    response.handler(chunk -> {
      text.append(chunk.toString());
      Matcher matcher = EVENT.matcher(text);
      int consumed = 0;
      while (matcher.find()) {
        assertThat(matcher.group(2)).isEqualTo("snapshot");
        ids.add(Long.parseLong(matcher.group(1)));
        snapshots.add(new JsonObject(matcher.group(3)));
        consumed = matcher.end();
      }
      text.delete(0, consumed);
    });
  }

  /** Opens the stream of the gateway on 127.0.0.1:{@code port} with {@code headers}; waits for its response head. */
  public static ConsoleStream open(HttpClient client, int port, Map<String, String> headers) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI("/v1/console/events");
    headers.forEach(options::putHeader);
    Promise<ConsoleStream> opened = Promise.promise();
    // The response's handler is set on its own event loop, before any of its body can arrive.
    client.request(options).compose(request -> request.send())
        .onComplete(sent -> opened.handle(sent.map(ConsoleStream::new)));
    return opened.future().await();
  }

  /** Completes once {@code count} snapshots have come. */
  public Future<Void> snapshots(Vertx vertx, int count) {
    return Eventually.until(vertx, () -> Future.succeededFuture(snapshots.size()), size -> size >= count).mapEmpty();
  }

  public HttpClientResponse response() {
    return response;
  }

  public List<Long> ids() {
    return ids;
  }

  public List<JsonObject> snapshots() {
    return snapshots;
  }

  /** The newest snapshot; there must be one. */
  public JsonObject latest() {
    return snapshots.get(snapshots.size() - 1);
  }

  /** Closes the stream's connection. */
  public Future<Void> close() {
    return response.request().connection().close();
  }
}
