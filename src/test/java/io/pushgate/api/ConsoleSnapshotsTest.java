package io.pushgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.cluster.ClusterView;
import io.pushgate.config.GatewayConfig;
import io.pushgate.jobs.JobStore;
import io.pushgate.observability.GatewayState;
import io.pushgate.observability.NodeLoads;
import io.pushgate.observability.TargetStatuses;
import io.pushgate.support.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 15, unit = TimeUnit.SECONDS)
@DisplayName("Console snapshots: shared while fresh, and never held up by a job store that does not answer")
class ConsoleSnapshotsTest {

  /** A job store that never answers a list, and is asked nothing else here. */
  private static JobStore silentStore() {
    return (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("list")) {
            return Promise.promise().future();
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  private static ConsoleSnapshots snapshots(Vertx vertx, JobStore jobs) {
    GatewayConfig config = TestConfigs.gateway("http://127.0.0.1:1/push").withSendersResolved(2);
    TargetStatuses statuses = new TargetStatuses(config.targets().keySet());
    TargetsRoute targets = new TargetsRoute(config.targets(), config.senders(), config.limits(), statuses);
    NodeLoads nodes = new NodeLoads(vertx, ClusterView.SINGLE, statuses, new GatewayState(), () -> 7,
        config.limits().maxInFlight());
    return new ConsoleSnapshots(targets, nodes, ClusterView.SINGLE, jobs);
  }

  /** Runs {@code read} on an event loop, as the API does, and waits for its snapshot. */
  private static ConsoleSnapshots.Snapshot onContext(Vertx vertx, ConsoleSnapshots snapshots) {
    Promise<ConsoleSnapshots.Snapshot> read = Promise.promise();
    vertx.runOnContext(v -> snapshots.current().onComplete(read));
    return read.future().await();
  }

  @Test
  @DisplayName("a store that does not answer: after the store's time, a snapshot without jobs that says why")
  void silent_store(Vertx vertx) {
    long start = System.nanoTime();
    ConsoleSnapshots.Snapshot snapshot = onContext(vertx, snapshots(vertx, silentStore()));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    JsonObject json = new JsonObject(snapshot.json());
    assertThat(tookMs).isBetween(ConsoleSnapshots.STORE_TIMEOUT_MS - 100, ConsoleSnapshots.STORE_TIMEOUT_MS + 3000);
    assertThat(json.getBoolean("jobsServed")).isTrue();
    assertThat(json.containsKey("jobs")).isFalse();
    assertThat(json.getString("jobsError")).contains("job store did not answer");
    assertThat(json.getJsonArray("targets")).hasSize(1);
    assertThat(json.getJsonArray("nodes").getJsonObject(0).getLong("inFlight")).isEqualTo(7);
  }

  @Test
  @DisplayName("a snapshot younger than FRESH_MS is shared; an older one is read again")
  void shared_while_fresh(Vertx vertx) {
    ConsoleSnapshots snapshots = snapshots(vertx, null);
    ConsoleSnapshots.Snapshot first = onContext(vertx, snapshots);
    assertThat(onContext(vertx, snapshots)).isSameAs(first);
    Promise<Void> later = Promise.promise();
    vertx.setTimer(ConsoleSnapshots.FRESH_MS + 50, id -> later.complete());
    later.future().await();
    ConsoleSnapshots.Snapshot next = onContext(vertx, snapshots);
    assertThat(next.timeMs()).isGreaterThan(first.timeMs());
    assertThat(new JsonObject(next.json()).getBoolean("jobsServed")).isFalse();
  }
}
