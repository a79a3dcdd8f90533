package io.pushgate.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.ChunkOutcome;
import io.pushgate.bus.Codecs;
import io.pushgate.bus.DeliveryError;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.PushRequest;
import io.pushgate.bus.SendCommand;
import io.pushgate.bus.SendOutcome;
import io.pushgate.config.GatewayConfig;
import io.pushgate.support.TestConfigs;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The relay's way to a sender, with stand-in senders on the bus: which sender it picks, what it answers when none
 * answers, and that it holds its admission slot exactly as long as its message.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
@DisplayName("A relayed message goes straight to a sender, on its own event loop when one is there")
class RelayDispatchTest {

  private final List<String> seenOn = new CopyOnWriteArrayList<>();
  private GatewayConfig config;
  private AdmissionControl admission;
  private Context loop;

  @BeforeEach
  void setUp(Vertx vertx) {
    Codecs.register(vertx.eventBus());
    JsonObject raw = TestConfigs.raw("http://127.0.0.1:1/push");
    raw.getJsonObject("push").put("maxBatch", 1);
    config = TestConfigs.build(raw.put("limits", new JsonObject().put("maxInFlight", 1)));
    admission = new AdmissionControl(config.limits(), config.targets());
    loop = vertx.getOrCreateContext();
  }

  /** A stand-in sender on {@code address}, registered on {@code context}, that records where it was reached. */
  private Future<MessageConsumer<SendCommand>> sender(Vertx vertx, Context context, String address,
                                                     Function<Message<SendCommand>, Boolean> answer) {
    Promise<MessageConsumer<SendCommand>> registered = Promise.promise();
    context.runOnContext(v -> {
      MessageConsumer<SendCommand> consumer = vertx.eventBus().localConsumer(address, message -> {
        seenOn.add(address);
        if (answer.apply(message)) {
          message.reply(new ChunkOutcome(null, List.of(SendOutcome.answered(0, DeliveryStatus.DELIVERED, 200, 1, 1,
              Buffer.buffer("{}"), true))));
        }
      });
      consumer.completion().map(done -> consumer).onComplete(registered);
    });
    return registered.future();
  }

  private static String loopAddress(Context context) {
    Promise<String> name = Promise.promise();
    context.runOnContext(v -> name.complete(Addresses.senderOnLoop(Thread.currentThread().getName())));
    return name.future().await();
  }

  /** Makes the dispatch on {@link #loop} and sends one message through it from there. */
  private Future<SendOutcome> relay(Vertx vertx, String target, long timeoutMs) {
    Promise<SendOutcome> outcome = Promise.promise();
    loop.runOnContext(v -> new RelayDispatch(vertx, config, admission)
        .send(new PushRequest("req-1", target, List.of(Buffer.buffer("{}")), timeoutMs)).onComplete(outcome));
    return outcome.future();
  }

  private static GatewayException refusal(Future<SendOutcome> outcome) {
    Throwable failure = outcome.transform(done -> Future.succeededFuture(done.cause())).await();
    assertThat(failure).isInstanceOf(GatewayException.class);
    return (GatewayException) failure;
  }

  @Test
  @DisplayName("the sender on the request's event loop takes it, not another")
  void same_loop_sender_first(Vertx vertx) {
    String here = loopAddress(loop);
    sender(vertx, loop, here, message -> true).await();
    sender(vertx, vertx.getOrCreateContext(), Addresses.SENDER_SEND, message -> true).await();
    assertThat(relay(vertx, "default", 0).await().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(seenOn).containsExactly(here);
    assertThat(admission.inFlight()).isZero();
  }

  @Test
  @DisplayName("with no sender on that event loop (fewer senders than loops), any sender of the node takes it")
  void any_sender_otherwise(Vertx vertx) {
    sender(vertx, vertx.getOrCreateContext(), Addresses.SENDER_SEND, message -> true).await();
    assertThat(relay(vertx, "default", 0).await().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(relay(vertx, "default", 0).await().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(seenOn).containsExactly(Addresses.SENDER_SEND, Addresses.SENDER_SEND);
  }

  @Test
  @DisplayName("no sender at all: unavailable; an unknown target: unknown_target, before any slot is taken")
  void no_sender_and_unknown_target(Vertx vertx) {
    assertThat(refusal(relay(vertx, "default", 0)).code()).isEqualTo(FailureCode.UNAVAILABLE);
    assertThat(refusal(relay(vertx, "nope", 0)).code()).isEqualTo(FailureCode.UNKNOWN_TARGET);
    assertThat(admission.inFlight()).isZero();
  }

  @Test
  @DisplayName("a sender that never answers: the message is a timeout past the deadline, and its slot comes back")
  void silent_sender_times_out(Vertx vertx) {
    sender(vertx, vertx.getOrCreateContext(), Addresses.SENDER_SEND, message -> false).await();
    SendOutcome outcome = relay(vertx, "default", 100).await();
    assertThat(outcome.status()).isEqualTo(DeliveryStatus.TIMEOUT);
    assertThat(outcome.error()).isEqualTo(DeliveryError.DEADLINE_EXCEEDED);
    assertThat(admission.inFlight()).isZero();
  }

  @Test
  @DisplayName("a relayed message holds one of limits.maxInFlight while on its way: the next is overloaded")
  void admission_slot_held_until_the_answer(Vertx vertx) {
    Promise<Message<SendCommand>> held = Promise.promise();
    sender(vertx, vertx.getOrCreateContext(), Addresses.SENDER_SEND, message -> {
      held.tryComplete(message);
      return false;
    }).await();
    Future<SendOutcome> first = relay(vertx, "default", 0);
    Message<SendCommand> holding = held.future().await();
    assertThat(admission.inFlight()).isEqualTo(1);
    assertThat(refusal(relay(vertx, "default", 0)).code()).isEqualTo(FailureCode.OVERLOADED);
    holding.reply(new ChunkOutcome(null, List.of(SendOutcome.answered(0, DeliveryStatus.FAILED, 500, 1, 1,
        Buffer.buffer("no"), false))));
    assertThat(first.await().httpStatus()).isEqualTo(500);
    assertThat(admission.inFlight()).isZero();
    admission.startDraining();
    assertThat(refusal(relay(vertx, "default", 0)).code()).isEqualTo(FailureCode.DRAINING);
  }
}
