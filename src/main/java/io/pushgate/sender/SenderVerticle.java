package io.pushgate.sender;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.SendCommand;
import io.pushgate.config.ConfigSchema;
import io.pushgate.config.PushConfig;
import io.pushgate.config.SenderConfig;
import io.pushgate.config.TargetConfig;
import io.pushgate.observability.GatewayMetrics;
import io.pushgate.observability.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.HashMap;
import java.util.Map;

/**
 * Delivers chunks of messages to targets. A standard event-loop verticle; deploy one per event loop.
 *
 * <p>Consumes {@link SendCommand} on {@link Addresses#SENDER_SEND} and replies with a
 * {@link io.pushgate.bus.ChunkOutcome}: one outcome per message, in chunk order, by the chunk's deadline at the
 * latest. A target's answer, whatever it is, is an outcome. Fails the message only with
 * {@link FailureCode#UNKNOWN_TARGET} for a target this sender was not configured with.
 *
 * <p>Owns one {@link WebClient} with keep-alive connections, at most {@code senders.maxConnectionsPerTarget} per
 * target and a bounded wait queue. Config: the {@code senders}, {@code push} and {@code targets} sections.
 */
public final class SenderVerticle extends VerticleBase {

  private final GatewayMetrics metrics;
  private final Map<String, TargetLane> lanes = new HashMap<>();
  private HttpClient http;

  /** A sender that reports to no metrics. */
  public SenderVerticle() {
    this(GatewayMetrics.NOOP);
  }

  public SenderVerticle(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    SenderConfig senders = SenderConfig.fromJson(config().getJsonObject(ConfigSchema.SENDERS));
    PushConfig push = PushConfig.fromJson(config().getJsonObject(ConfigSchema.PUSH));
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true), new PoolOptions()
        .setHttp1MaxSize(senders.maxConnectionsPerTarget())
        .setMaxWaitQueueSize(senders.maxWaitQueue()));
    WebClient client = WebClient.wrap(http, new WebClientOptions().setFollowRedirects(false).setUserAgent("pushgate"));
    for (TargetConfig target : TargetConfig.allFromJson(config().getJsonObject(ConfigSchema.TARGETS)).values()) {
      TargetProtocol protocol = new JsonWebhookProtocol(client, target, push.maxResponseBytes());
      lanes.put(target.name(), new TargetLane(vertx, target.name(), metrics, protocol, new RetryPolicy(target),
          target.timeoutMs(), senders.maxConnectionsPerTarget()));
    }
    return vertx.eventBus().<SendCommand>consumer(Addresses.SENDER_SEND, this::deliver).completion();
  }

  @Override
  public Future<?> stop() {
    return http.close();
  }

  private void deliver(Message<SendCommand> message) {
    SendCommand command = message.body();
    RequestContext.set(command.requestId());
    TargetLane lane = lanes.get(command.target());
    if (lane == null) {
      new GatewayException(FailureCode.UNKNOWN_TARGET, "unknown target '" + command.target() + "'", "target")
          .failReply(message);
      return;
    }
    new ChunkDelivery(vertx, command, lane, metrics).start().onSuccess(message::reply);
  }
}
