package io.pushgate.sender;

import io.pushgate.config.TargetConfig;
import io.vertx.core.Vertx;
import java.util.List;

/** Each target kind's runtime, and its start-up check of the target's keys. */
final class TargetKinds {

  private TargetKinds() {
  }

  /**
   * What is wrong with the target's key material (a key that does not parse, a file that holds no key), each naming
   * its config key; empty when nothing is.
   */
  static List<String> problems(TargetConfig target, KeyFiles files) {
    return switch (target.kind()) {
      case WEBHOOK -> List.of();
      case WEBPUSH -> WebPushKind.problems(target);
      case APNS -> ApnsKind.problems(target, files);
      case FCM -> FcmKind.problems(target, files);
    };
  }

  /** The node's runtime of {@code target}, once {@link #problems} found none. */
  static KindRuntime runtime(Vertx vertx, TargetConfig target, KeyFiles files) {
    return switch (target.kind()) {
      case WEBHOOK -> (senderVertx, exchange) -> new JsonWebhookProtocol(exchange, target);
      case WEBPUSH -> new WebPushKind(vertx, target);
      case APNS -> new ApnsKind(vertx, target, files);
      case FCM -> new FcmKind(vertx, target, files);
    };
  }
}
