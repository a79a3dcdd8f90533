package io.pushgate.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Latency quantiles over a sliding window of cumulative histogram readings")
class LatencyWindowTest {

  private static final double[] BOUNDS = {10, 20, 40, 80};

  @Test
  @DisplayName("a quantile is interpolated inside the first bucket that reaches its rank")
  void interpolates_inside_the_bucket() {
    // 10 values up to 10 ms, 10 more up to 20, 20 more up to 40: 40 in all.
    double[] cumulative = {10, 20, 40, 40};
    assertThat(LatencyWindow.quantile(0.5, BOUNDS, cumulative, 40)).isEqualTo(20.0);
    assertThat(LatencyWindow.quantile(0.25, BOUNDS, cumulative, 40)).isEqualTo(10.0);
    assertThat(LatencyWindow.quantile(0.75, BOUNDS, cumulative, 40)).isEqualTo(30.0);
    assertThat(LatencyWindow.quantile(0.1, BOUNDS, cumulative, 40)).isCloseTo(4.0, within(1e-9));
  }

  @Test
  @DisplayName("a rank past the last bucket, values above the largest bound, gives that bound")
  void past_the_last_bucket() {
    assertThat(LatencyWindow.quantile(0.99, BOUNDS, new double[] {0, 0, 0, 1}, 10)).isEqualTo(80.0);
  }

  @Test
  @DisplayName("the quantiles are those of the values recorded between the oldest and the newest reading kept")
  void slides() {
    LatencyWindow window = new LatencyWindow(3);
    assertThat(window.quantiles()).as("no reading yet").isNull();
    window.add(0, BOUNDS, new double[] {0, 0, 0, 0});
    window.add(100, BOUNDS, new double[] {100, 100, 100, 100});
    assertThat(window.quantiles().p50Ms()).as("100 values up to 10 ms").isEqualTo(5.0);
    window.add(200, BOUNDS, new double[] {100, 100, 100, 200});
    assertThat(window.quantiles().p50Ms()).as("the first two readings' 200 values").isEqualTo(10.0);
    window.add(300, BOUNDS, new double[] {100, 100, 100, 300});
    assertThat(window.quantiles().p50Ms()).as("the first reading dropped: 200 values from 40 to 80 ms")
        .isEqualTo(60.0);
    assertThat(window.quantiles().p99Ms()).isCloseTo(79.6, within(1e-9));
  }

  @Test
  @DisplayName("nothing recorded within the window: no quantiles")
  void quiet_window() {
    LatencyWindow window = new LatencyWindow(2);
    window.add(5, BOUNDS, new double[] {5, 5, 5, 5});
    window.add(5, BOUNDS, new double[] {5, 5, 5, 5});
    assertThat(window.quantiles()).isNull();
  }
}
