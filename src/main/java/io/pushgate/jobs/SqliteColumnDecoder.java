package io.pushgate.jobs;

import io.vertx.jdbcclient.spi.JDBCColumnDescriptorProvider;
import io.vertx.jdbcclient.spi.JDBCDecoderImpl;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a SQLite column as sqlite-jdbc gives it: {@code Integer} or {@code Long}, {@code Double}, {@code String},
 * {@code byte[]} or {@code null}, which is all SQLite stores and all {@link JobRows} reads.
 *
 * <p>Why: the JDBC client's own decoder looks each cell's column up in the result's metadata first (its declared type
 * and its type name, through a regular expression in sqlite-jdbc) to pick a conversion, for every cell of every row.
 * A claim returns thousands of rows: that lookup was half of the claim's CPU and a quarter of the store's in all.
 * The JDBC client takes it by name ({@code decoderCls} in {@code JDBCConnectOptions#setExtraConfig}), so it needs a
 * public class with a public constructor. It keeps no state, so the one instance per connection is safe anywhere.
 */
public final class SqliteColumnDecoder extends JDBCDecoderImpl {

  @Override
  public Object parse(ResultSet rs, int pos, JDBCColumnDescriptorProvider jdbcTypeLookup) throws SQLException {
    return rs.getObject(pos);
  }
}
