package io.pushgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
@Timeout(value = 15, unit = TimeUnit.SECONDS)
@DisplayName("Request ids: taken from the client, echoed, sent to targets and printed in the logs")
class RequestIdTest {

  /** Formats each event as it is logged, on the logging thread, where the request's context is current. */
  static final class CapturingAppender extends AppenderBase<ILoggingEvent> {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final PatternLayout layout = new PatternLayout();

    CapturingAppender(LoggerContext context) {
      setContext(context);
      layout.setContext(context);
      layout.getInstanceConverterMap().put("requestId", RequestIdConverter::new);
      layout.setPattern("[%requestId] %msg");
      layout.start();
      start();
    }

    private final List<Map.Entry<Predicate<String>, Promise<String>>> waiting = new ArrayList<>();

    @Override
    protected synchronized void append(ILoggingEvent event) {
      String line = layout.doLayout(event);
      lines.add(line);
      waiting.removeIf(waiter -> waiter.getKey().test(line) && waiter.getValue().tryComplete(line));
    }

    /** The first line matching {@code match}, logged already or later; the access log line comes after the answer. */
    synchronized Future<String> line(Predicate<String> match) {
      for (String line : lines) {
        if (match.test(line)) {
          return Future.succeededFuture(line);
        }
      }
      Promise<String> promise = Promise.promise();
      waiting.add(Map.entry(match, promise));
      return promise.future();
    }
  }

  private final FakeTarget target = new FakeTarget();
  private TestGateway gateway;
  private CapturingAppender logs;
  private Logger pushgateLogger;
  private Level previousLevel;

  @BeforeEach
  void deploy(Vertx vertx) {
    pushgateLogger = (Logger) LoggerFactory.getLogger("io.pushgate");
    previousLevel = pushgateLogger.getLevel();
    pushgateLogger.setLevel(Level.INFO);
    logs = new CapturingAppender(pushgateLogger.getLoggerContext());
    pushgateLogger.addAppender(logs);
    gateway = GatewayFixture.start(vertx, target);
  }

  @AfterEach
  void detach() {
    pushgateLogger.detachAppender(logs);
    pushgateLogger.setLevel(previousLevel);
  }

  private static JsonObject oneMessage() {
    return new JsonObject().put("messages", new JsonArray().add(new JsonObject().put("user_id", "1")));
  }

  @Test
  @DisplayName("a client's X-Request-Id is the request id everywhere")
  void client_id_travels() {
    HttpResponse<Buffer> response = gateway.client().post("/v1/push").putHeader("X-Request-Id", "client-req:42")
        .sendJsonObject(oneMessage()).await();
    assertThat(response.getHeader("X-Request-Id")).isEqualTo("client-req:42");
    assertThat(response.getHeader("Pushgate-Request-Id")).isEqualTo("client-req:42");
    assertThat(response.bodyAsJsonObject().getString("requestId")).isEqualTo("client-req:42");
    FakeTarget.Received received = target.received().get(0);
    assertThat(received.header("X-Request-Id")).isEqualTo("client-req:42");
    assertThat(received.header("Pushgate-Message-Id")).isEqualTo("client-req:42-0");
    String line = logs.line(logged -> logged.startsWith("[client-req:42] POST /v1/push 200")).await();
    assertThat(line).contains("delivered=1");
  }

  @Test
  @DisplayName("an unusable X-Request-Id is replaced, and errors carry the id too")
  void unusable_id_replaced() {
    HttpResponse<Buffer> response = gateway.client().post("/v1/push").putHeader("X-Request-Id", "has spaces and ✓")
        .putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer("{}")).await();
    String id = response.getHeader("X-Request-Id");
    assertThat(id).isNotBlank().isNotEqualTo("has spaces and ✓");
    assertThat(response.bodyAsJsonObject().getString("requestId")).isEqualTo(id);
    String line = logs.line(logged -> logged.startsWith("[" + id + "] POST /v1/push 400")).await();
    assertThat(line).contains("error=invalid_request");
  }

  @Test
  @DisplayName("on the event bus the x-request-id header is the request id, in the reply and the logs")
  void bus_header_is_the_id(Vertx vertx) {
    JsonObject summary = vertx.eventBus().<JsonObject>request("pushgate.push", oneMessage(),
        new DeliveryOptions().setSendTimeout(5000).addHeader("x-request-id", "bus-7")).await().body();
    assertThat(summary.getString("requestId")).isEqualTo("bus-7");
    assertThat(target.received().get(0).header("X-Request-Id")).isEqualTo("bus-7");
    String line = logs.line(logged -> logged.startsWith("[bus-7] pushgate.push target=default")).await();
    assertThat(line).contains("delivered=1");
  }
}
