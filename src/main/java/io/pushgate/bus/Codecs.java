package io.pushgate.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Event-bus codecs for the gateway's payload records.
 *
 * <p>Within one JVM a record is passed along as the same instance: the records are immutable and their message
 * buffers are never written, and this spares copying every message body on every hop (the default
 * {@code JsonObject} codec copies deeply). Across a cluster, chunks and their outcomes travel in
 * {@link WireFormat}'s binary form. Requests and batch results never leave their node (they are sent with
 * {@code localOnly}), so their codecs have no wire form: one that tried to cross would fail loudly. The public bus
 * API's JSON summary is handed to its caller without the default codec's copy ({@link #handedOver()}).
 */
public final class Codecs {

  private Codecs() {
  }

  /**
   * Registers the codecs as the default ones for their types, replacing those a gateway deployed earlier in the same
   * {@code Vertx} left. They stay registered when the gateway is undeployed: a batch still finishing while Vert.x
   * undeploys everything at once must still be able to answer.
   */
  public static void register(EventBus bus) {
    for (Class<?> type : List.of(PushRequest.class, SendCommand.class, ChunkOutcome.class, BatchResult.class)) {
      bus.unregisterDefaultCodec(type);
    }
    bus.registerDefaultCodec(PushRequest.class, RecordCodec.localOnly("pushgate.PushRequest"));
    bus.registerDefaultCodec(SendCommand.class,
        new RecordCodec<>("pushgate.SendCommand", WireFormat::writeCommand, WireFormat::readCommand));
    bus.registerDefaultCodec(ChunkOutcome.class,
        new RecordCodec<>("pushgate.ChunkOutcome", WireFormat::writeOutcome, WireFormat::readOutcome));
    bus.registerDefaultCodec(BatchResult.class, RecordCodec.localOnly("pushgate.BatchResult"));
    bus.unregisterCodec(HandedOverJson.NAME);
    bus.registerCodec(new HandedOverJson());
  }

  /**
   * The delivery options of a reply whose {@code JsonObject} the replier built for it and keeps no reference to, so
   * that the receiver may have the instance itself: the default codec would deep-copy it (for a batch summary, a
   * thousand results). On the wire, it is the default codec's form.
   */
  public static DeliveryOptions handedOver() {
    return new DeliveryOptions().setCodecName(HandedOverJson.NAME);
  }

  private static final class HandedOverJson implements MessageCodec<JsonObject, JsonObject> {

    static final String NAME = "pushgate.HandedOverJson";

    @Override
    public void encodeToWire(Buffer buffer, JsonObject json) {
      Buffer encoded = json.toBuffer();
      buffer.appendInt(encoded.length()).appendBuffer(encoded);
    }

    @Override
    public JsonObject decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      return new JsonObject(buffer.slice(pos + 4, pos + 4 + length));
    }

    @Override
    public JsonObject transform(JsonObject json) {
      return json;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }

  private record RecordCodec<T>(String name, BiConsumer<Buffer, T> write, BiFunction<Integer, Buffer, T> read)
      implements MessageCodec<T, T> {

    /** A codec for a record that never leaves its node. */
    static <T> RecordCodec<T> localOnly(String name) {
      return new RecordCodec<>(name, (buffer, value) -> {
        throw new IllegalStateException(name + " never leaves its node: send it with localOnly");
      }, (pos, buffer) -> {
        throw new IllegalStateException(name + " never leaves its node");
      });
    }

    @Override
    public void encodeToWire(Buffer buffer, T value) {
      write.accept(buffer, value);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      return read.apply(pos, buffer);
    }

    @Override
    public T transform(T value) {
      return value;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
