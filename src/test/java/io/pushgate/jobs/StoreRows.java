package io.pushgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongPredicate;

/**
 * Counts the rows a gateway's SQLite job store holds, of any status ({@code receiving} intakes included, which the
 * API never shows), through a connection of its own to the same file. Blocking JDBC: for the JUnit thread only.
 */
final class StoreRows {

  /** How often {@link #await} counts again. */
  private static final long POLL_MS = 20;
  /** How long {@link #await} waits for the count before it fails. */
  private static final long WAIT_MS = 5000;

  private final String file;

  private StoreRows(String file) {
    this.file = file;
  }

  /** Points {@code raw}'s job store at a new SQLite file, and counts its rows: a config tweak's first step. */
  static StoreRows of(JsonObject raw) {
    String url = raw.getJsonObject("jobs").getJsonObject("store").getString("url");
    assertThat(url).startsWith("sqlite:");
    return new StoreRows(url.substring("sqlite:".length()));
  }

  /** Rows in {@code jobs} plus rows in {@code job_messages}, now. */
  long count() {
    return count("jobs") + count("job_messages");
  }

  long count(String table) {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file + "?busy_timeout=5000");
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new AssertionError("could not count the rows of " + table + " in " + file, e);
    }
  }

  /**
   * Waits, polling with a Vert.x timer, until {@link #count()} passes {@code condition} (an abandon is deleted after
   * its answer is sent); fails after {@link #WAIT_MS}.
   */
  void await(Vertx vertx, String what, LongPredicate condition) {
    long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
    long rows = count();
    while (!condition.test(rows)) {
      assertThat(System.nanoTime()).as(what + ": rows are " + rows + " after " + WAIT_MS + " ms")
          .isLessThan(deadline);
      vertx.timer(POLL_MS).await();
      rows = count();
    }
  }

  /** Waits until the store holds no row at all. */
  void awaitEmpty(Vertx vertx, String what) {
    await(vertx, what, rows -> rows == 0);
  }
}
