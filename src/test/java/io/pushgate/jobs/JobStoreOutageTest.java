package io.pushgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.support.CuttableProxy;
import io.pushgate.support.FakeTarget;
import io.pushgate.support.FakeTarget.Reply;
import io.pushgate.support.GatewayFixture;
import io.pushgate.support.TestBatches;
import io.pushgate.support.TestGateway;
import io.pushgate.support.TestJobs;
import io.pushgate.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("A job store that goes down mid-job: 503 for new jobs, readiness down, the running job waits and ends")
class JobStoreOutageTest {

  @Test
  @DisplayName("PostgreSQL cut off mid-job: nothing new accepted, nothing accepted lost")
  void store_down_mid_job(Vertx vertx) throws Exception {
    String database = TestPostgres.newDatabaseUrl(vertx);
    PgConnectOptions real = PgConnectOptions.fromUri(database);
    CuttableProxy proxy = new CuttableProxy(real.getHost(), real.getPort());
    vertx.deployVerticle(proxy).await(10, TimeUnit.SECONDS);
    String throughProxy = database.replace(":" + real.getPort() + "/", ":" + proxy.port() + "/");
    FakeTarget target = new FakeTarget().answerBy(request -> Reply.json(200, "{}").after(5));
    TestGateway gateway = GatewayFixture.start(vertx, raw -> raw.getJsonObject("jobs")
        .put("store", new JsonObject().put("url", throughProxy)).put("claimBatch", 50).put("maxInFlight", 100)
        .put("pollMs", 100), target);
    String jobId = TestJobs.submit(gateway, TestBatches.of(1000)).await();
    target.receivedAtLeast(100).await();

    proxy.cut();
    HttpResponse<Buffer> refused = gateway.post("/v1/jobs", TestBatches.of(2)).await();
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("store_unavailable");
    HttpResponse<Buffer> ready = gateway.get("/health/ready").await();
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.bodyAsString()).contains("job-store");
    int sentWhileDown = target.requests();

    proxy.restore();
    JsonObject job = TestJobs.untilStatus(vertx, gateway, jobId, "completed").await();
    assertThat(job.getInteger("delivered")).isEqualTo(1000);
    assertThat(sentWhileDown).as("the job was cut off mid-way").isLessThan(1000);
    Set<String> ids = new HashSet<>();
    target.received().forEach(request -> ids.add(request.header("Pushgate-Message-Id")));
    for (int i = 0; i < 1000; i++) {
      assertThat(ids).contains(jobId + "-" + i);
    }
    assertThat(gateway.get("/health/ready").await().statusCode()).isEqualTo(200);
    assertThat(gateway.get("/v1/jobs?limit=10").await().bodyAsJsonObject().getJsonArray("jobs").size())
        .as("the refused job was not kept").isEqualTo(1);
  }
}
