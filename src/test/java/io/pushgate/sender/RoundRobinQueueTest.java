package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A lane's queue serves its lines in turn")
class RoundRobinQueueTest {

  private final RoundRobinQueue<String> queue = new RoundRobinQueue<>();

  private List<String> drain() {
    List<String> order = new ArrayList<>();
    for (String item = queue.poll(); item != null; item = queue.poll()) {
      order.add(item);
    }
    return order;
  }

  private static void fill(RoundRobinQueue<String> queue, RoundRobinQueue.Line<String> line, String... items) {
    for (String item : items) {
      queue.addLast(line, item);
    }
  }

  @Test
  @DisplayName("one item of each line in turn; a line that joins later waits one turn of the others, not all")
  void lines_take_turns() {
    RoundRobinQueue.Line<String> big = new RoundRobinQueue.Line<>(5);
    RoundRobinQueue.Line<String> small = new RoundRobinQueue.Line<>(1);
    RoundRobinQueue.Line<String> medium = new RoundRobinQueue.Line<>(2);
    fill(queue, big, "b1", "b2", "b3", "b4", "b5");
    assertThat(queue.poll()).isEqualTo("b1");
    fill(queue, small, "s1");
    fill(queue, medium, "m1", "m2");

    assertThat(queue.size()).isEqualTo(7);
    assertThat(drain()).containsExactly("b2", "s1", "m1", "b3", "m2", "b4", "b5");
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  @DisplayName("an item put back goes first when its line's turn comes; an emptied line rejoins at the end")
  void put_back_goes_first_in_its_line() {
    RoundRobinQueue.Line<String> a = new RoundRobinQueue.Line<>(3);
    RoundRobinQueue.Line<String> b = new RoundRobinQueue.Line<>(3);
    fill(queue, a, "a1", "a2");
    fill(queue, b, "b1");
    assertThat(queue.poll()).isEqualTo("a1");
    assertThat(queue.poll()).isEqualTo("b1");
    queue.addFirst(b, "b1 again");
    queue.addFirst(a, "a1 again");

    assertThat(drain()).containsExactly("a1 again", "b1 again", "a2");
  }

  @Test
  @DisplayName("a withdrawn line's items are gone at once and the other lines go on in turn")
  void withdrawn_line_leaves_the_rotation() {
    RoundRobinQueue.Line<String> a = new RoundRobinQueue.Line<>(3);
    RoundRobinQueue.Line<String> b = new RoundRobinQueue.Line<>(3);
    RoundRobinQueue.Line<String> c = new RoundRobinQueue.Line<>(3);
    fill(queue, a, "a1", "a2");
    fill(queue, b, "b1", "b2", "b3");
    fill(queue, c, "c1");
    queue.withdraw(b);

    assertThat(queue.size()).isEqualTo(3);
    assertThat(drain()).containsExactly("a1", "c1", "a2");
    queue.withdraw(a);
    fill(queue, a, "a3");
    assertThat(drain()).as("a line takes items again after its withdrawal").containsExactly("a3");
  }
}
