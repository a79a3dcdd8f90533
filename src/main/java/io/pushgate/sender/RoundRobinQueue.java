package io.pushgate.sender;

import java.util.ArrayDeque;

/**
 * Items waiting in lines (a lane's chunks, each with its messages), served in turn: {@link #poll()} takes the head
 * of the next line that holds something, so that a short line waits for one turn of the others, not for all they
 * hold. Each line is first in, first out, but for {@link #addFirst}, which puts an item back at its head.
 *
 * <p>O(1) per item added or polled, no allocation once a line exists; {@link #withdraw} empties a line in the time
 * it takes to drop its items, and the empty line leaves the rotation when its turn comes. Not thread-safe: confined
 * to one event loop.
 */
final class RoundRobinQueue<T> {

  /** One line: its items, and whether it is in the rotation (at most once). */
  static final class Line<T> {
    private final ArrayDeque<T> items;
    private boolean inTurn;

    /** @param expected how many items the line will hold at most, about, so that it seldom grows */
    Line(int expected) {
      items = new ArrayDeque<>(expected);
    }
  }

  private final ArrayDeque<Line<T>> turns = new ArrayDeque<>();
  private int size;

  /** Adds {@code item} at the end of {@code line}; a line that was empty joins the rotation last. */
  void addLast(Line<T> line, T item) {
    line.items.addLast(item);
    added(line);
  }

  /** Puts {@code item} back at the head of {@code line}, to go first when the line's turn comes. */
  void addFirst(Line<T> line, T item) {
    line.items.addFirst(item);
    added(line);
  }

  private void added(Line<T> line) {
    size++;
    if (!line.inTurn) {
      line.inTurn = true;
      turns.addLast(line);
    }
  }

  /** The head of the line whose turn it is, that line then going last; {@code null} when nothing waits. */
  T poll() {
    Line<T> line;
    while ((line = turns.pollFirst()) != null) {
      T item = line.items.pollFirst();
      if (item == null) {
        // Withdrawn while it waited for its turn.
        line.inTurn = false;
        continue;
      }
      size--;
      if (line.items.isEmpty()) {
        line.inTurn = false;
      } else {
        turns.addLast(line);
      }
      return item;
    }
    return null;
  }

  /** Drops what {@code line} holds. */
  void withdraw(Line<T> line) {
    size -= line.items.size();
    line.items.clear();
    if (size == 0) {
      // Every line left in the rotation is empty now: let them go rather than keep them until the next poll.
      for (Line<T> waiting : turns) {
        waiting.inTurn = false;
      }
      turns.clear();
    }
  }

  /** Items waiting, in all lines. */
  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }
}
