package io.pushgate.jobs;

import io.vertx.core.buffer.Buffer;

/**
 * What a node writes back for one claimed message: a final outcome, or {@link MessageState#WAITING} to put it back
 * (an open circuit, a shutdown) to be claimed again after {@code retryInMs}.
 *
 * @param index the message's index in its job
 * @param state {@link MessageState#DELIVERED}, {@link MessageState#FAILED} or {@link MessageState#WAITING}
 * @param attempts attempts in all, those of earlier claims included
 * @param latencyMs milliseconds of the last claim, from the sender taking it to its outcome
 * @param httpStatus the target's last status, or 0 when none came
 * @param response the target's last body, or {@code null}
 * @param responseJson whether {@code response} is one JSON value
 * @param error why no answer came ({@code DeliveryError}'s JSON name, or {@code expired}), or {@code null}
 * @param detail text for people, or {@code null}
 * @param retryInMs for {@link MessageState#WAITING}: how long before it may be claimed again
 * @param tokenInvalid whether the push provider said the message's device token or subscription is gone
 */
public record MessageResult(int index, MessageState state, int attempts, long latencyMs, int httpStatus,
                            Buffer response, boolean responseJson, String error, String detail, long retryInMs,
                            boolean tokenInvalid) {

  /** A result without a provider's word on the token: a webhook's, a put-back one. */
  public MessageResult(int index, MessageState state, int attempts, long latencyMs, int httpStatus, Buffer response,
                       boolean responseJson, String error, String detail, long retryInMs) {
    this(index, state, attempts, latencyMs, httpStatus, response, responseJson, error, detail, retryInMs, false);
  }
}
