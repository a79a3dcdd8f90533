package io.pushgate.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.function.Function;
import java.util.function.Predicate;

/** Submits jobs to a test gateway and follows them. */
public final class TestJobs {

  /** How often {@link #until} asks for the job. */
  private static final long POLL_MS = 25;

  private TestJobs() {
  }

  /** Submits {@code body} to {@code POST /v1/jobs}; completes with the job id of the {@code 202}. */
  public static Future<String> submit(TestGateway gateway, JsonObject body) {
    return gateway.post("/v1/jobs", body).map(response -> {
      if (response.statusCode() != 202) {
        throw new AssertionError("POST /v1/jobs answered " + response.statusCode() + ": " + response.bodyAsString());
      }
      return response.bodyAsJsonObject().getString("jobId");
    });
  }

  /** The job's JSON once {@code condition} holds for it, asked every {@link #POLL_MS}; the test's timeout bounds it. */
  public static Future<JsonObject> until(Vertx vertx, TestGateway gateway, String jobId,
                                         Predicate<JsonObject> condition) {
    return until(vertx, gateway::get, jobId, condition);
  }

  /** {@link #until} against any gateway: {@code get} GETs a path of it (a jar's, say). */
  public static Future<JsonObject> until(Vertx vertx, Function<String, Future<HttpResponse<Buffer>>> get,
                                         String jobId, Predicate<JsonObject> condition) {
    Promise<JsonObject> reached = Promise.promise();
    poll(vertx, get, jobId, condition, reached);
    return reached.future();
  }

  /** The job's JSON once its status is {@code status}. */
  public static Future<JsonObject> untilStatus(Vertx vertx, TestGateway gateway, String jobId, String status) {
    return until(vertx, gateway, jobId, job -> status.equals(job.getString("status")));
  }

  private static void poll(Vertx vertx, Function<String, Future<HttpResponse<Buffer>>> get, String jobId,
                           Predicate<JsonObject> condition, Promise<JsonObject> reached) {
    get.apply("/v1/jobs/" + jobId).onComplete(answer -> {
      if (answer.succeeded() && answer.result().statusCode() == 200
          && condition.test(answer.result().bodyAsJsonObject())) {
        reached.complete(answer.result().bodyAsJsonObject());
      } else {
        vertx.setTimer(POLL_MS, id -> poll(vertx, get, jobId, condition, reached));
      }
    });
  }
}
