package io.pushgate;

import io.pushgate.aggregate.ReplyAggregatorVerticle;
import io.pushgate.api.HttpApiVerticle;
import io.pushgate.bus.Codecs;
import io.pushgate.config.ConfigSchema;
import io.pushgate.config.GatewayConfig;
import io.pushgate.demo.DemoReceiverVerticle;
import io.pushgate.sender.SenderVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the gateway in order: the demo receiver (when enabled), the senders, the aggregators and last the HTTP
 * API, so that the port opens only once everything behind it is ready. Each verticle gets its slice of the
 * checked configuration; {@code senders.instances: 0} becomes one per event loop.
 *
 * <p>Takes the {@link GatewayConfig} it is built with, not {@code config()}: loading and checking happen before
 * deployment, in {@link Main} or in a test.
 */
public final class MainVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

  private final GatewayConfig config;
  private final List<HttpApiVerticle> apis = new ArrayList<>();
  private DemoReceiverVerticle demoReceiver;

  public MainVerticle(GatewayConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx.eventBus());
    int eventLoops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    int senders = config.senders().instances() > 0 ? config.senders().instances() : eventLoops;
    JsonObject senderSlice = config.slice(ConfigSchema.SENDERS, ConfigSchema.PUSH, ConfigSchema.TARGETS);
    senderSlice.getJsonObject(ConfigSchema.SENDERS).put("instances", senders);
    JsonObject aggregatorSlice = senderSlice.copy();
    return deployDemoReceiver()
        .compose(v -> deploy(SenderVerticle::new, senders, senderSlice))
        .compose(v -> deploy(ReplyAggregatorVerticle::new, eventLoops, aggregatorSlice))
        .compose(v -> deploy(this::newApi, eventLoops, config.slice(ConfigSchema.HTTP, ConfigSchema.PUSH)))
        .onSuccess(v -> LOG.info("Pushgate listening on {}:{} with {} senders; {}", config.http().host(),
            httpPort(), senders, config.summary()));
  }

  /** The port the HTTP API serves, once started. */
  public int httpPort() {
    return apis.get(0).actualPort();
  }

  /** The port the demo receiver serves, once started, or -1 when it is off. */
  public int demoReceiverPort() {
    return demoReceiver == null ? -1 : demoReceiver.actualPort();
  }

  private Future<Void> deployDemoReceiver() {
    if (!config.demoReceiver().enabled()) {
      return Future.succeededFuture();
    }
    demoReceiver = new DemoReceiverVerticle();
    return vertx.deployVerticle(demoReceiver,
        new DeploymentOptions().setConfig(config.slice(ConfigSchema.DEMO_RECEIVER))).mapEmpty();
  }

  private HttpApiVerticle newApi() {
    HttpApiVerticle api = new HttpApiVerticle();
    apis.add(api);
    return api;
  }

  private Future<Void> deploy(Supplier<? extends VerticleBase> verticle, int instances, JsonObject slice) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances).setConfig(slice))
        .mapEmpty();
  }
}
