package io.pushgate.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pushgate.config.HttpConfig;
import io.pushgate.observability.Budget;

/**
 * What the clients of one node may hold, shared by its API verticles: connections ({@code http.maxConnections}),
 * request body bytes ({@code http.maxBodyBytesInFlight}: push bodies, and what job uploads buffer), bytes of batch
 * answers not yet written ({@code http.maxAnswerBytesInFlight}), job uploads being read, job event streams and console
 * streams. Shown
 * on {@code /metrics} as {@code pushgate_http_connections}, {@code pushgate_request_body_bytes_in_flight} and
 * {@code pushgate_answer_bytes_unwritten}. Thread-safe.
 */
public final class ClientLimits {

  final ConnectionLimit connections;
  final Budget bodies;
  final Budget answers;
  /** Open {@code GET /v1/jobs/<id>/events} streams, at most {@link #MAX_EVENT_STREAMS}. */
  final Budget eventStreams = new Budget(MAX_EVENT_STREAMS);
  /** Open {@code GET /v1/console/events} streams, at most {@link #MAX_CONSOLE_STREAMS}. */
  final Budget consoleStreams = new Budget(MAX_CONSOLE_STREAMS);
  /** {@code POST /v1/jobs} bodies being read, at most {@link #MAX_JOB_UPLOADS}. */
  final Budget jobUploads = new Budget(MAX_JOB_UPLOADS);

  /** The most job event streams a node keeps open; past it, new ones get {@code 429 overloaded}. */
  public static final int MAX_EVENT_STREAMS = 1000;
  /**
   * The most console streams a node keeps open; past it, new ones get {@code 429 overloaded}. Consoles are for the
   * people running the gateway: a few at a time.
   */
  public static final int MAX_CONSOLE_STREAMS = 64;
  /**
   * The most job uploads a node reads at once; past it, new ones get {@code 429 overloaded} before their body is
   * read. Each holds a batch and a partial message from the body budget while it lasts.
   */
  public static final int MAX_JOB_UPLOADS = 64;

  public ClientLimits(HttpConfig http, MeterRegistry registry) {
    connections = new ConnectionLimit(http.maxConnections());
    bodies = new Budget(http.maxBodyBytesInFlight());
    answers = new Budget(http.maxAnswerBytesInFlight());
    Gauge.builder("pushgate.http.connections", connections, ConnectionLimit::open)
        .description("Client connections open on the HTTP API").register(registry);
    Gauge.builder("pushgate.request.body.bytes.in.flight", bodies, Budget::used)
        .description("Request body bytes being read or held until the request's answer is written")
        .register(registry);
    Gauge.builder("pushgate.answer.bytes.unwritten", answers, Budget::used)
        .description("Bytes of batch answers held until they are written to their client").register(registry);
  }
}
