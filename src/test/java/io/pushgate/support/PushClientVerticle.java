package io.pushgate.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/** What a team's own verticle does: knows only the address {@code pushgate.push} and the JSON contract. */
public final class PushClientVerticle extends VerticleBase {

  private final Object body;
  private final Promise<Message<JsonObject>> answer = Promise.promise();

  private PushClientVerticle(Object body) {
    this.body = body;
  }

  /** Deploys a verticle in {@code vertx} that pushes {@code body} once; completes with the answer. */
  public static Future<Message<JsonObject>> push(Vertx vertx, Object body) {
    PushClientVerticle client = new PushClientVerticle(body);
    return vertx.deployVerticle(client).compose(id -> client.answer.future());
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<JsonObject>request("pushgate.push", body, new DeliveryOptions().setSendTimeout(10_000))
        .onComplete(answer);
    return Future.succeededFuture();
  }
}
