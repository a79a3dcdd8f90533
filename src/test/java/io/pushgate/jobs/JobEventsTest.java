package io.pushgate.jobs;

import static io.pushgate.jobs.JobApiTest.pendingGateway;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.TestBatches;
import io.pushgate.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("GET /v1/jobs/<id>/events streams the job's progress as Server-Sent Events")
class JobEventsTest {

  private static final Pattern EVENT = Pattern.compile("id: (\\d+)\nevent: (\\w+)\ndata: (.*)\n\n");

  record Event(long id, String name, JsonObject data) {
  }

  /** An open stream: the events so far, and when the n-th one has come. */
  static final class Stream {
    final HttpClientResponse response;
    final StringBuilder text = new StringBuilder();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    final Promise<Void> ended = Promise.promise();

    record Waiter(int count, Promise<Void> reached) {
    }

    Stream(HttpClientResponse response) {
      this.response = response;
      response.handler(chunk -> {
        text.append(chunk.toString());
        Matcher matcher = EVENT.matcher(text);
        int consumed = 0;
        while (matcher.find()) {
          events.add(new Event(Long.parseLong(matcher.group(1)), matcher.group(2), new JsonObject(matcher.group(3))));
          consumed = matcher.end();
        }
        text.delete(0, consumed);
        waiters.removeIf(waiter -> {
          if (events.size() >= waiter.count()) {
            waiter.reached().complete();
            return true;
          }
          return false;
        });
      });
      response.endHandler(v -> ended.tryComplete());
    }

    Future<Void> events(int count) {
      Promise<Void> reached = Promise.promise();
      if (events.size() >= count) {
        reached.complete();
      } else {
        waiters.add(new Waiter(count, reached));
      }
      return reached.future();
    }
  }

  static Stream open(Vertx vertx, HttpClient client, TestGateway gateway, String jobId, String lastEventId) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(gateway.port()).setURI("/v1/jobs/" + jobId + "/events");
    if (lastEventId != null) {
      options.putHeader("Last-Event-ID", lastEventId);
    }
    // Handlers set on the response's own event loop, before any of its body can arrive.
    Promise<Stream> opened = Promise.promise();
    client.request(options).compose(request -> request.send()).onComplete(sent -> {
      if (sent.failed()) {
        opened.fail(sent.cause());
      } else {
        opened.complete(new Stream(sent.result()));
      }
    });
    return opened.future().await();
  }

  @Test
  @DisplayName("an event at once, then one a second; DELETE ends the stream with a done event")
  void events_then_done(Vertx vertx) {
    TestGateway gateway = pendingGateway(vertx, raw -> { });
    String jobId = JobApiTest.json(gateway.post("/v1/jobs", TestBatches.of(3)).await()).getString("jobId");
    HttpClient client = vertx.createHttpClient();
    Stream stream = open(vertx, client, gateway, jobId, null);
    assertThat(stream.response.statusCode()).isEqualTo(200);
    assertThat(stream.response.getHeader("Content-Type")).isEqualTo("text/event-stream");
    assertThat(stream.response.getHeader("Cache-Control")).isEqualTo("no-cache");
    stream.events(2).await();
    assertThat(stream.events.get(0).id()).isEqualTo(1);
    assertThat(stream.events.get(0).name()).isEqualTo("progress");
    assertThat(stream.events.get(0).data().getString("jobId")).isEqualTo(jobId);
    assertThat(stream.events.get(1).id()).isEqualTo(2);
    assertThat(gateway.delete("/v1/jobs/" + jobId).await().statusCode()).isEqualTo(200);
    stream.ended.future().await();
    Event last = stream.events.get(stream.events.size() - 1);
    assertThat(last.name()).isEqualTo("done");
    assertThat(last.data().getString("status")).isEqualTo("cancelled");
    assertThat(stream.events).extracting(Event::id).isSorted().doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("Last-Event-ID: n resumes the ids at n + 1; a finished job gets its done event and the end at once")
  void resume_and_finished(Vertx vertx) {
    TestGateway gateway = pendingGateway(vertx, raw -> { });
    String jobId = JobApiTest.json(gateway.post("/v1/jobs", TestBatches.of(2)).await()).getString("jobId");
    HttpClient client = vertx.createHttpClient();
    Stream resumed = open(vertx, client, gateway, jobId, "41");
    resumed.events(1).await();
    assertThat(resumed.events.get(0).id()).isEqualTo(42);
    resumed.response.request().connection().close();

    gateway.delete("/v1/jobs/" + jobId).await();
    Stream finished = open(vertx, client, gateway, jobId, null);
    finished.ended.future().await();
    assertThat(finished.events).hasSize(1);
    assertThat(finished.events.get(0).name()).isEqualTo("done");
    assertThat(finished.events.get(0).id()).isEqualTo(1);
  }
}
