package io.pushgate.jobs;

import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.PushRequest;
import io.pushgate.config.TargetConfig;
import io.pushgate.config.TargetKind;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fields of a job's body ({@code POST /v1/jobs} and {@link io.pushgate.bus.Addresses#JOBS_SUBMIT}), their checks
 * and their errors, shared by the JSON and NDJSON parsers and the event-bus API.
 */
public final class JobBody {

  public static final String FIELD_TARGET = PushRequest.FIELD_TARGET;
  public static final String FIELD_MESSAGES = PushRequest.FIELD_MESSAGES;
  public static final String FIELD_NOTIFY = "notify";
  public static final String FIELD_EXPIRES_IN_MS = "expiresInMs";

  private JobBody() {
  }

  /** {@code name} when it is a configured target, else {@code 400 unknown_target} naming {@code field}. */
  public static String knownTarget(Map<String, TargetKind> targets, String field, String name) {
    if (name == null || name.isEmpty()) {
      throw GatewayException.invalid(field, field + " must be a non-empty string");
    }
    if (!targets.containsKey(name)) {
      throw GatewayException.unknownTarget(name, field);
    }
    return name;
  }

  /**
   * {@code name} when it is a configured webhook target: a job's final JSON is no message a push provider's target
   * could send, and would be refused there with nobody told.
   */
  public static String notifyTarget(Map<String, TargetKind> targets, String name) {
    knownTarget(targets, FIELD_NOTIFY, name);
    if (targets.get(name) != TargetKind.WEBHOOK) {
      throw GatewayException.invalid(FIELD_NOTIFY, "notify must name a webhook target; '" + name + "' is a "
          + targets.get(name).json() + " target");
    }
    return name;
  }

  /** The configured targets' kinds, by name. */
  public static Map<String, TargetKind> kinds(Map<String, TargetConfig> targets) {
    return targets.values().stream().collect(Collectors.toUnmodifiableMap(TargetConfig::name, TargetConfig::kind));
  }

  public static GatewayException unknownField(String field) {
    return GatewayException.invalid(field,
        "unknown field '" + field + "': expected target, messages, notify, expiresInMs");
  }

  public static GatewayException invalidExpiresIn() {
    return GatewayException.invalid(FIELD_EXPIRES_IN_MS, "expiresInMs must be a positive integer (milliseconds)");
  }

  public static GatewayException tooManyMessages(int maxMessages) {
    return new GatewayException(FailureCode.TOO_MANY_MESSAGES,
        "a job may hold at most " + maxMessages + " messages (jobs.maxMessages)", FIELD_MESSAGES);
  }

  /** A message (or NDJSON line) longer than the per-message cap, {@code http.maxBodyBytes}. */
  public static GatewayException messageTooLarge(String field, int maxMessageBytes) {
    return new GatewayException(FailureCode.PAYLOAD_TOO_LARGE,
        "a message may be at most " + maxMessageBytes + " bytes (http.maxBodyBytes)", field);
  }

  /** The field name of the message at {@code index} (0-based) of a JSON body. */
  public static String messageField(int index) {
    return FIELD_MESSAGES + "[" + index + "]";
  }

  /** The field name of line {@code number} (1-based) of an NDJSON body. */
  public static String lineField(long number) {
    return "line " + number;
  }

  /** Parses {@code expiresInMs} from a query parameter: {@code null} when absent. */
  public static Long expiresInFromText(String text) {
    if (text == null) {
      return null;
    }
    try {
      long value = Long.parseLong(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Falls through to the error.
    }
    throw invalidExpiresIn();
  }
}
