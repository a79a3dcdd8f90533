package io.pushgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.jdbcclient.spi.JDBCColumnDescriptorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SqliteColumnDecoder reads each column as sqlite-jdbc gives it, without the column's metadata")
class SqliteColumnDecoderTest {

  /** Fails the test if the decoder asks for a column's metadata: the per-cell look-up it exists to skip. */
  private static final JDBCColumnDescriptorProvider NO_METADATA = column -> {
    throw new AssertionError("the decoder looked column " + column + " up");
  };

  @Test
  @DisplayName("every kind of value SQLite stores comes back as its Java value, from a real SQLite file")
  void every_storage_class() throws Exception {
    Path folder = Files.createDirectories(Path.of("target", "sqlite-tests"));
    Path file = Files.createTempFile(folder, "decoder", ".db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery("SELECT 7, 1764800000000, 0.5, 'delivered', x'7b7d', NULL")) {
      SqliteColumnDecoder decoder = new SqliteColumnDecoder();
      List<Object> values = new ArrayList<>();
      assertThat(row.next()).isTrue();
      for (int column = 1; column <= 6; column++) {
        values.add(decoder.parse(row, column, NO_METADATA));
      }
      assertThat(values).containsExactly(7, 1764800000000L, 0.5, "delivered", new byte[] {'{', '}'}, null);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
