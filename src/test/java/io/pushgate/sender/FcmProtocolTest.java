package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.bus.DeliveryError;
import io.pushgate.config.GatewayConfig;
import io.pushgate.config.TargetConfig;
import io.pushgate.support.FakeFcm;
import io.pushgate.support.FakeFcm.Answer;
import io.pushgate.support.TestConfigs;
import io.pushgate.support.TestServiceAccount;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FcmProtocol}: its table of answers walked row by row, then the protocol against the local FCM stand-in
 * ({@link FakeFcm}): the request it sends, the access token shared and refreshed on a 401, and the messages it
 * refuses before the network.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
@DisplayName("FCM HTTP v1 protocol: the request, the table of answers, the token")
class FcmProtocolTest {

  private static TestServiceAccount account;

  @TempDir
  Path dir;

  private FakeFcm fcm;
  private FcmKind kind;
  private HttpClient client;
  private Context sender;
  private TargetProtocol protocol;

  @BeforeAll
  static void generate() {
    account = TestServiceAccount.generate();
  }

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    fcm = new FakeFcm(account);
    vertx.deployVerticle(fcm).compose(id -> {
      TargetConfig target = target(fcm.url(), account.write(dir, fcm.tokenUri()));
      return KeyFiles.read(vertx, List.of(target)).map(files -> {
        assertThat(FcmKind.problems(target, files)).isEmpty();
        kind = new FcmKind(vertx, target, files);
        client = vertx.createHttpClient();
        sender = vertx.getOrCreateContext();
        protocol = kind.protocol(vertx, new BoundedExchange(vertx, client, 4096));
        return target;
      });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @AfterEach
  void stop() {
    if (kind != null) {
      kind.close();
    }
  }

  /** An {@code fcm} target {@code android} as the config makes it: at {@code url}, its account in {@code file}. */
  static TargetConfig target(String url, Path file) {
    JsonObject raw = TestConfigs.raw("http://127.0.0.1:9/unused");
    raw.getJsonObject("targets").put("android", TestConfigs.target(url).put("kind", "fcm")
        .put("fcm", new JsonObject().put("serviceAccountPath", file.toString())));
    GatewayConfig config = TestConfigs.build(raw);
    return config.targets().get("android");
  }

  /** One attempt, made on the sender's event loop as the sender makes it. */
  private Future<AttemptResult> attempt(String message) {
    Promise<AttemptResult> result = Promise.promise();
    sender.runOnContext(v -> protocol.attempt(Buffer.buffer(message), "m-1", "r-1", 3000).onComplete(result));
    return result.future();
  }

  // ---- The table of answers, row by row.

  private record Row(String name, Answer answer, boolean toToken, boolean tokenInvalid, boolean retried,
                     String detail) {
  }

  private static Answer plain(int status, String body) {
    return new Answer(status, new JsonObject(body), MultiMap.caseInsensitiveMultiMap());
  }

  private static final List<Row> TABLE = List.of(
      new Row("404 UNREGISTERED to a token: the token is gone", Answer.unregistered(), true, true, false,
          "UNREGISTERED: Requested entity was not found."),
      new Row("404 UNREGISTERED to a topic: final, no token to delete", Answer.unregistered(), false, false, false,
          "UNREGISTERED: Requested entity was not found."),
      new Row("404 without an FcmError (a wrong project): final, the token not blamed",
          Answer.error(404, "NOT_FOUND", "Requested entity was not found.", null), true, false, false,
          "NOT_FOUND: Requested entity was not found."),
      new Row("400 with an FcmError INVALID_ARGUMENT: the token is no FCM token", Answer.invalidToken(), true, true,
          false, "INVALID_ARGUMENT: The registration token is not a valid FCM registration token"),
      new Row("400 with an FcmError UNREGISTERED: the token is gone",
          Answer.error(400, "INVALID_ARGUMENT", "Unregistered token", "UNREGISTERED"), true, true, false,
          "UNREGISTERED: Unregistered token"),
      new Row("400 with a BadRequest only (a bad field): final, the token not blamed", Answer.invalidField(), true,
          false, false, "INVALID_ARGUMENT: Invalid value at 'message.data[0].value' (TYPE_STRING), 12"),
      new Row("403 SENDER_ID_MISMATCH: final", Answer.senderIdMismatch(), true, false, false,
          "SENDER_ID_MISMATCH: SenderId mismatch"),
      new Row("401 THIRD_PARTY_AUTH_ERROR: final (APNs or Web Push credentials)", Answer.thirdPartyAuthError(), true,
          false, false, "THIRD_PARTY_AUTH_ERROR: Auth error from APNS or Web Push Service"),
      new Row("401 UNAUTHENTICATED, the token refreshed already: final",
          Answer.error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", null), true, false,
          false, "UNAUTHENTICATED: Request had invalid authentication credentials."),
      new Row("429 QUOTA_EXCEEDED: retried after Retry-After", Answer.quotaExceeded(7), true, false, true,
          "QUOTA_EXCEEDED: Quota exceeded for quota metric 'Send requests'."),
      new Row("500 INTERNAL: retried", Answer.internal(), true, false, true, "INTERNAL: Internal error encountered."),
      new Row("503 UNAVAILABLE: retried", Answer.unavailable().withHeader("Retry-After", "2"), true, false, true,
          "UNAVAILABLE: The service is currently unavailable."),
      new Row("502 from a proxy, no FCM body: retried", plain(502, "{\"oops\":1}"), true, false, true, "HTTP 502"),
      new Row("413 not FCM's shape: final", plain(413, "{\"error\":\"too big\"}"), true, false, false, "HTTP 413"));

  @Test
  @DisplayName("every row of the table of answers: delivered, token gone, retried or final")
  void table_of_answers() {
    BoundedExchange.Answer delivered = answer(200,
        new JsonObject().put("name", "projects/p/messages/0:1"), MultiMap.caseInsensitiveMultiMap());
    AttemptResult ok = FcmProtocol.read(delivered, true);
    assertThat(ok.success()).isTrue();
    assertThat(ok.tokenInvalid()).isFalse();
    assertThat(ok.bodyJson()).isTrue();
    assertThat(ok.body().toJsonObject().getString("name")).isEqualTo("projects/p/messages/0:1");
    assertThat(ok.detail()).isNull();

    for (Row row : TABLE) {
      AttemptResult result = FcmProtocol.read(answer(row.answer().status(), row.answer().body(),
          row.answer().headers()), row.toToken());
      assertThat(result.success()).as(row.name()).isFalse();
      assertThat(result.httpStatus()).as(row.name()).isEqualTo(row.answer().status());
      assertThat(result.tokenInvalid()).as(row.name()).isEqualTo(row.tokenInvalid());
      assertThat(RetryPolicy.retryable(result)).as(row.name()).isEqualTo(row.retried());
      assertThat(result.detail()).as(row.name()).isEqualTo(row.detail());
      assertThat(result.bodyJson()).as(row.name()).isTrue();
    }
    AttemptResult quota = FcmProtocol.read(answer(429, Answer.quotaExceeded(7).body(),
        Answer.quotaExceeded(7).headers()), true);
    assertThat(quota.retryAfterMs()).isEqualTo(7000);
  }

  private static BoundedExchange.Answer answer(int status, JsonObject body, MultiMap headers) {
    return new BoundedExchange.Answer(status, headers, body.toBuffer(), false);
  }

  // ---- Against the stand-in.

  @Test
  @DisplayName("a message is sent as {\"message\": <it>} with the bearer token, and FCM's name comes back")
  void sends_the_message(VertxTestContext ctx) {
    String message = "{\"token\":\"device-1\",\"notification\":{\"title\":\"Hi\",\"body\":\"Hello\"},"
        + "\"data\":{\"k\":\"v\"}}";
    attempt(message).onComplete(ctx.succeeding(result -> ctx.verify(() -> {
      assertThat(result.success()).isTrue();
      assertThat(result.body().toJsonObject().getString("name")).startsWith("projects/pushgate-test/messages/");
      assertThat(fcm.sent()).hasSize(1);
      assertThat(fcm.sent().get(0).message()).isEqualTo(new JsonObject(message));
      assertThat(fcm.malformed()).isZero();
      assertThat(fcm.refusedAssertions()).isEmpty();
      assertThat(fcm.tokenRequests()).isEqualTo(1);
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("two senders' protocols and many messages share one access token: one token request")
  void one_token_for_every_sender(Vertx vertx, VertxTestContext ctx) {
    Context other = vertx.getOrCreateContext();
    Promise<TargetProtocol> second = Promise.promise();
    other.runOnContext(v -> second.complete(kind.protocol(vertx, new BoundedExchange(vertx, client, 4096))));
    second.future().compose(otherProtocol -> {
      List<Future<AttemptResult>> all = new ArrayList<>();
      IntStream.range(0, 50).forEach(i -> {
        all.add(attempt("{\"token\":\"d-" + i + "\"}"));
        Promise<AttemptResult> onOther = Promise.promise();
        other.runOnContext(v -> otherProtocol.attempt(Buffer.buffer("{\"topic\":\"t-" + i + "\"}"), "m", "r", 3000)
            .onComplete(onOther));
        all.add(onOther.future());
      });
      return Future.all(all).map(done -> all.stream().map(Future::result).toList());
    }).onComplete(ctx.succeeding(results -> ctx.verify(() -> {
      assertThat(results).hasSize(100).allMatch(AttemptResult::success);
      assertThat(fcm.tokenRequests()).isEqualTo(1);
      assertThat(fcm.sent()).hasSize(100);
      assertThat(fcm.sent().stream().map(FakeFcm.Sent::bearer).distinct()).hasSize(1);
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a 401 for the access token: one new token and the message sent again, in the same attempt")
  void refreshes_on_401(VertxTestContext ctx) {
    attempt("{\"token\":\"d-1\"}").compose(first -> {
      fcm.forgetAccessTokens();
      return attempt("{\"token\":\"d-2\"}");
    }).onComplete(ctx.succeeding(result -> ctx.verify(() -> {
      assertThat(result.success()).isTrue();
      assertThat(fcm.tokenRequests()).isEqualTo(2);
      assertThat(fcm.unauthenticated()).isEqualTo(1);
      assertThat(fcm.sendRequests()).isEqualTo(3);
      assertThat(fcm.sent()).extracting(sent -> sent.message().getString("token")).containsExactly("d-1", "d-2");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a second 401 after the refresh is final: no third request, no loop")
  void refreshes_once(VertxTestContext ctx) {
    Answer unauthenticated = Answer.error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.",
        null);
    fcm.thenAnswer(unauthenticated, unauthenticated);
    attempt("{\"token\":\"d-1\"}").onComplete(ctx.succeeding(result -> ctx.verify(() -> {
      assertThat(result.httpStatus()).isEqualTo(401);
      assertThat(RetryPolicy.retryable(result)).isFalse();
      assertThat(fcm.tokenRequests()).isEqualTo(2);
      assertThat(fcm.sendRequests()).isEqualTo(2);
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a 401 THIRD_PARTY_AUTH_ERROR does not blame the access token: no refresh")
  void third_party_auth_error_keeps_the_token(VertxTestContext ctx) {
    fcm.thenAnswer(Answer.thirdPartyAuthError());
    attempt("{\"token\":\"d-1\"}").onComplete(ctx.succeeding(result -> ctx.verify(() -> {
      assertThat(result.httpStatus()).isEqualTo(401);
      assertThat(fcm.tokenRequests()).isEqualTo(1);
      assertThat(fcm.sendRequests()).isEqualTo(1);
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("UNREGISTERED from the stand-in marks the token invalid")
  void unregistered_token(VertxTestContext ctx) {
    fcm.answerFor("gone", Answer.unregistered());
    attempt("{\"token\":\"gone\",\"data\":{\"a\":\"b\"}}").onComplete(ctx.succeeding(result -> ctx.verify(() -> {
      assertThat(result.httpStatus()).isEqualTo(404);
      assertThat(result.tokenInvalid()).isTrue();
      assertThat(result.body().toJsonObject().getJsonObject("error").getString("status")).isEqualTo("NOT_FOUND");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a message without exactly one of token, topic, condition, or not an object, is refused unsent")
  void refuses_bad_messages(VertxTestContext ctx) {
    List<String> bad = List.of("[1,2]", "\"hello\"", "42", "not json", "{}", "{\"notification\":{\"title\":\"t\"}}",
        "{\"message\":{\"token\":\"d\"}}", "{\"token\":\"d\",\"topic\":\"news\"}", "{\"token\":\"\"}",
        "{\"token\":5}", "{\"condition\":null}");
    Future.all(bad.stream().map(this::attempt).toList()).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      for (int i = 0; i < bad.size(); i++) {
        AttemptResult result = all.resultAt(i);
        assertThat(result.failure()).as(bad.get(i)).isEqualTo(DeliveryError.INVALID_MESSAGE);
        assertThat(result.reachedNetwork()).as(bad.get(i)).isFalse();
        assertThat(RetryPolicy.retryable(result)).as(bad.get(i)).isFalse();
        assertThat(result.detail()).as(bad.get(i)).isNotBlank();
      }
      assertThat(((AttemptResult) all.resultAt(0)).detail()).startsWith("an fcm message must be a JSON object");
      assertThat(((AttemptResult) all.resultAt(6)).detail()).contains("not {\"message\": ...}");
      assertThat(((AttemptResult) all.resultAt(7)).detail()).contains("more than one of token, topic, condition");
      assertThat(((AttemptResult) all.resultAt(8)).detail())
          .isEqualTo("the message's token must be a non-empty string");
      assertThat(fcm.sendRequests()).isZero();
      assertThat(fcm.tokenRequests()).isZero();
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("no access token (the token endpoint fails): no answer, retried, and the reason in the detail")
  void token_endpoint_failure(VertxTestContext ctx) {
    fcm.failTokenRequests(1);
    attempt("{\"token\":\"d-1\"}").onComplete(ctx.succeeding(result -> ctx.verify(() -> {
      assertThat(result.failure()).isEqualTo(DeliveryError.CONNECTION_FAILED);
      assertThat(result.detail()).isEqualTo("no FCM access token from " + fcm.tokenUri()
          + ": internal_failure: try again");
      assertThat(RetryPolicy.retryable(result)).isTrue();
      assertThat(fcm.sendRequests()).isZero();
      ctx.completeNow();
    })));
  }
}
