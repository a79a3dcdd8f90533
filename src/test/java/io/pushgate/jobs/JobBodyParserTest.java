package io.pushgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.config.TargetKind;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Job body parsers read JSON and NDJSON as they arrive, keeping each message's bytes")
class JobBodyParserTest {

  private static final Map<String, TargetKind> TARGETS = Map.of("default", TargetKind.WEBHOOK, "other",
      TargetKind.WEBHOOK, "browsers", TargetKind.WEBPUSH);
  private static final int MAX_BYTES = 64;
  private static final JsonFactory FACTORY = JsonJobBodyParser.factory(MAX_BYTES);

  private final List<String> messages = new ArrayList<>();

  private JsonJobBodyParser json(int maxMessages) {
    return new JsonJobBodyParser(FACTORY, TARGETS, maxMessages, MAX_BYTES,
        m -> messages.add(m.toString(StandardCharsets.UTF_8)));
  }

  private NdjsonJobBodyParser ndjson(int maxMessages) {
    return new NdjsonJobBodyParser(FACTORY, maxMessages, MAX_BYTES, "default", null, null,
        m -> messages.add(m.toString(StandardCharsets.UTF_8)));
  }

  /** Feeds {@code body} in chunks whose sizes {@code sizes} picks, then ends. */
  private static void feed(JobBodyParser parser, String body, Function<Integer, Integer> sizes) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at < bytes.length; ) {
      int n = Math.min(bytes.length - at, Math.max(1, sizes.apply(at)));
      parser.feed(Buffer.buffer().appendBytes(bytes, at, n));
      at += n;
    }
    parser.end();
  }

  private static GatewayException error(Runnable run) {
    try {
      run.run();
    } catch (GatewayException e) {
      return e;
    }
    throw new AssertionError("no error");
  }

  @ParameterizedTest(name = "chunks of {0} bytes (0: random)")
  @ValueSource(ints = {1, 2, 3, 7, 1000, 0})
  @DisplayName("JSON: each message's exact bytes, whatever the chunks, target before or after the messages")
  void json_keeps_exact_bytes(int chunk) {
    String m0 = "{ \"a\" : 1,\n \"s\":\"\\u00e9t\\u00E9 \u00e9\" }";
    String m1 = "{\"nested\":{\"x\":[1,{\"y\":[]}]},\"t\":\"}]\\\"\"}";
    String m2 = "{}";
    Random random = new Random(chunk);
    Function<Integer, Integer> sizes = at -> chunk == 0 ? 1 + random.nextInt(9) : chunk;

    JsonJobBodyParser before = json(10);
    feed(before, "{\"target\":\"other\", \"messages\" : [ " + m0 + " ,\n" + m1 + "," + m2 + "],"
        + "\"notify\":\"default\",\"expiresInMs\":5000}  \n", sizes);
    assertThat(messages).containsExactly(m0, m1, m2);
    assertThat(before.target()).isEqualTo("other");
    assertThat(before.notifyTarget()).isEqualTo("default");
    assertThat(before.expiresInMs()).isEqualTo(5000L);
    assertThat(before.heldBytes()).isZero();

    messages.clear();
    JsonJobBodyParser after = json(10);
    feed(after, "{\"messages\":[" + m2 + "," + m1 + "],\"target\":\"other\"}", sizes);
    assertThat(messages).containsExactly(m2, m1);
    assertThat(after.target()).isEqualTo("other");
    assertThat(after.notifyTarget()).isNull();
    assertThat(after.expiresInMs()).isNull();
  }

  @Test
  @DisplayName("JSON: no target means default")
  void json_default_target() {
    JsonJobBodyParser parser = json(10);
    feed(parser, "{\"messages\":[{\"a\":1}]}", at -> 4);
    assertThat(parser.target()).isEqualTo("default");
  }

  @Test
  @DisplayName("JSON: a message hands over as soon as it ends, before the body does")
  void json_streams_messages() {
    JsonJobBodyParser parser = json(10);
    parser.feed(Buffer.buffer("{\"messages\":[{\"a\":1},{\"b\""));
    assertThat(messages).containsExactly("{\"a\":1}");
    parser.feed(Buffer.buffer(":2}"));
    assertThat(messages).containsExactly("{\"a\":1}", "{\"b\":2}");
  }

  @Test
  @DisplayName("JSON: heldBytes is the message being read, 0 between messages (what an upload counts against the budget)")
  void json_held_bytes() {
    JsonJobBodyParser parser = json(10);
    parser.feed(Buffer.buffer("{\"target\":\"default\",  \"messages\":[ "));
    assertThat(parser.heldBytes()).isZero();
    parser.feed(Buffer.buffer("{\"a\":"));
    assertThat(parser.heldBytes()).isEqualTo(5);
    parser.feed(Buffer.buffer("\"xy\""));
    assertThat(parser.heldBytes()).isEqualTo(9);
    parser.feed(Buffer.buffer("} , {\"b\""));
    assertThat(messages).containsExactly("{\"a\":\"xy\"}");
    assertThat(parser.heldBytes()).isEqualTo(4);
    parser.feed(Buffer.buffer(":1}]}"));
    assertThat(parser.heldBytes()).isZero();
  }

  @Test
  @DisplayName("NDJSON: heldBytes is the line not yet ended, 0 after a line feed")
  void ndjson_held_bytes() {
    NdjsonJobBodyParser parser = ndjson(10);
    parser.feed(Buffer.buffer("{}\r\n\n{\"a\""));
    assertThat(parser.heldBytes()).isEqualTo(4);
    parser.feed(Buffer.buffer(":1}"));
    assertThat(parser.heldBytes()).isEqualTo(7);
    parser.feed(Buffer.buffer("\n"));
    assertThat(messages).containsExactly("{}", "{\"a\":1}");
    assertThat(parser.heldBytes()).isZero();
  }

  record Bad(String body, FailureCode code, String field) {
  }

  @Test
  @DisplayName("JSON: every bad body gets its error and names its field, in any chunking")
  void json_errors() {
    List<Bad> cases = List.of(
        new Bad("{\"messages\":[{},{},{},3]}", FailureCode.INVALID_REQUEST, "messages[3]"),
        new Bad("{\"messages\":[{},{},{},[]]}", FailureCode.INVALID_REQUEST, "messages[3]"),
        new Bad("{\"messages\":[{}],\"prio\":1}", FailureCode.INVALID_REQUEST, "prio"),
        new Bad("{\"target\":\"default\"}", FailureCode.INVALID_REQUEST, "messages"),
        new Bad("{\"messages\":[]}", FailureCode.INVALID_REQUEST, "messages"),
        new Bad("{\"messages\":{}}", FailureCode.INVALID_REQUEST, "messages"),
        new Bad("{\"target\":\"nope\",\"messages\":[{}]}", FailureCode.UNKNOWN_TARGET, "target"),
        new Bad("{\"messages\":[{}],\"target\":\"nope\"}", FailureCode.UNKNOWN_TARGET, "target"),
        new Bad("{\"messages\":[{}],\"notify\":\"nope\"}", FailureCode.UNKNOWN_TARGET, "notify"),
        new Bad("{\"messages\":[{}],\"notify\":\"browsers\"}", FailureCode.INVALID_REQUEST, "notify"),
        new Bad("{\"messages\":[{}],\"target\":3}", FailureCode.INVALID_REQUEST, "target"),
        new Bad("{\"messages\":[{}],\"expiresInMs\":0}", FailureCode.INVALID_REQUEST, "expiresInMs"),
        new Bad("{\"messages\":[{}],\"expiresInMs\":1.5}", FailureCode.INVALID_REQUEST, "expiresInMs"),
        new Bad("{\"messages\":[{}],\"expiresInMs\":\"9\"}", FailureCode.INVALID_REQUEST, "expiresInMs"),
        new Bad("{\"messages\":[{},{},{},{}]}", FailureCode.TOO_MANY_MESSAGES, "messages"),
        new Bad("{\"messages\":[{},{\"a\":\"" + "x".repeat(MAX_BYTES) + "\"}]}", FailureCode.PAYLOAD_TOO_LARGE,
            "messages[1]"),
        new Bad("{\"messages\":[{}],\"messages\":[{}]}", FailureCode.INVALID_REQUEST, null),
        new Bad("{\"messages\":[{}]} {}", FailureCode.INVALID_REQUEST, null),
        new Bad("{\"messages\":[{}", FailureCode.INVALID_REQUEST, null),
        new Bad("{\"messages\":[{}]", FailureCode.INVALID_REQUEST, null),
        new Bad("", FailureCode.INVALID_REQUEST, null),
        new Bad("[{}]", FailureCode.INVALID_REQUEST, null),
        new Bad("{\"messages\":[{]}", FailureCode.INVALID_REQUEST, null));
    for (Bad bad : cases) {
      for (int chunk : new int[] {1, 5, 1 << 16}) {
        messages.clear();
        GatewayException e = error(() -> feed(json(3), bad.body(), at -> chunk));
        assertThat(e.code()).as(bad.body()).isEqualTo(bad.code());
        assertThat(e.field()).as(bad.body()).isEqualTo(bad.field());
      }
    }
  }

  @Test
  @DisplayName("JSON: a message over the cap is refused before it ends, once its bytes pass the cap")
  void json_cap_before_end() {
    JsonJobBodyParser parser = json(3);
    parser.feed(Buffer.buffer("{\"messages\":[{\"a\":\""));
    assertThatThrownBy(() -> parser.feed(Buffer.buffer("y".repeat(MAX_BYTES))))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.code()).isEqualTo(FailureCode.PAYLOAD_TOO_LARGE));
  }

  @ParameterizedTest(name = "chunks of {0} bytes")
  @ValueSource(ints = {1, 3, 1000})
  @DisplayName("NDJSON: LF and CRLF lines, blank lines skipped, a last line without a line feed")
  void ndjson_lines(int chunk) {
    NdjsonJobBodyParser parser = ndjson(10);
    feed(parser, "{\"a\":1}\r\n\r\n  \n{ \"b\" : \"\\u00e9\" }\n\n{\"c\":[1]}", at -> chunk);
    assertThat(messages).containsExactly("{\"a\":1}", "{ \"b\" : \"\\u00e9\" }", "{\"c\":[1]}");
    assertThat(parser.heldBytes()).isZero();
    assertThat(parser.target()).isEqualTo("default");
  }

  @Test
  @DisplayName("NDJSON: errors name the 1-based line")
  void ndjson_errors() {
    List<Bad> cases = List.of(
        new Bad("{}\n{}\n\n{\"a\":}\n", FailureCode.INVALID_REQUEST, "line 4"),
        new Bad("{}\n{}\n{}\n[1]\n", FailureCode.INVALID_REQUEST, "line 4"),
        new Bad("{}\n{}\n{}\n{} {}\n", FailureCode.INVALID_REQUEST, "line 4"),
        new Bad("{}\n{}\n{}\n{\"a\":1", FailureCode.INVALID_REQUEST, "line 4"),
        new Bad("{}\n{}\n{}\n{\"a\":\"" + "x".repeat(MAX_BYTES) + "\"}\n", FailureCode.PAYLOAD_TOO_LARGE, "line 4"),
        new Bad("{}\n{}\n{}\n{}\n", FailureCode.TOO_MANY_MESSAGES, "messages"),
        new Bad("\n\n", FailureCode.INVALID_REQUEST, "messages"),
        new Bad("", FailureCode.INVALID_REQUEST, "messages"));
    for (Bad bad : cases) {
      for (int chunk : new int[] {1, 5, 1 << 16}) {
        GatewayException e = error(() -> feed(ndjson(3), bad.body(), at -> chunk));
        assertThat(e.code()).as(bad.body()).isEqualTo(bad.code());
        assertThat(e.field()).as(bad.body()).isEqualTo(bad.field());
      }
    }
  }

  @Test
  @DisplayName("NDJSON: a line over the cap is refused before its line feed comes")
  void ndjson_cap_before_end() {
    NdjsonJobBodyParser parser = ndjson(3);
    parser.feed(Buffer.buffer("{}\n{\"a\":\""));
    assertThatThrownBy(() -> parser.feed(Buffer.buffer("y".repeat(MAX_BYTES))))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.code()).isEqualTo(FailureCode.PAYLOAD_TOO_LARGE);
          assertThat(e.field()).isEqualTo("line 2");
        });
  }
}
