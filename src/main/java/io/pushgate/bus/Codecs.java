package io.pushgate.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/**
 * Event-bus codecs for the gateway's payload records.
 *
 * <p>Within one JVM a record is passed along as the same instance: the records are immutable and their message
 * buffers are never written, and this spares copying every message body on every hop (the default
 * {@code JsonObject} codec copies deeply). Across a cluster the wire format is the record's JSON.
 */
public final class Codecs {

  private Codecs() {
  }

  /** Removes what {@link #register} added, so that a gateway can be deployed again in the same {@code Vertx}. */
  public static void unregister(EventBus bus) {
    for (Class<?> type : List.of(PushRequest.class, SendCommand.class, ChunkOutcome.class, BatchResult.class)) {
      bus.unregisterDefaultCodec(type);
    }
  }

  /** Registers the codecs as the default ones for their types. Call once per {@code Vertx}. */
  public static void register(EventBus bus) {
    bus.registerDefaultCodec(PushRequest.class,
        new RecordCodec<>("pushgate.PushRequest", PushRequest::toWire, PushRequest::fromWire));
    bus.registerDefaultCodec(SendCommand.class,
        new RecordCodec<>("pushgate.SendCommand", SendCommand::toJson, SendCommand::fromJson));
    bus.registerDefaultCodec(ChunkOutcome.class,
        new RecordCodec<>("pushgate.ChunkOutcome", ChunkOutcome::toJson, ChunkOutcome::fromJson));
    bus.registerDefaultCodec(BatchResult.class,
        new RecordCodec<>("pushgate.BatchResult", BatchResult::toJson, BatchResult::fromJson));
  }

  private record RecordCodec<T>(String name, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson)
      implements MessageCodec<T, T> {

    @Override
    public void encodeToWire(Buffer buffer, T value) {
      Buffer json = toJson.apply(value).toBuffer();
      buffer.appendInt(json.length()).appendBuffer(json);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      return fromJson.apply(new JsonObject(buffer.slice(pos + 4, pos + 4 + length)));
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
