package io.pushgate.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
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
 * {@code localOnly}), so their codecs have no wire form: one that tried to cross would fail loudly.
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
