package dev.standby.adapters.postgres;

import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.TableChecksum;
import dev.standby.topology.ServiceTopology.Database;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Row counts and checksums for drills: each table's rows up to a key, in key order, as md5 of their
 * text. The key is the table's single-column primary key, so rows written after a snapshot (higher
 * keys) do not count.
 */
final class PostgresChecksums {
  /**
   * Inserts in flight when the snapshot picks its bound commit within this; the checksum is taken
   * after it.
   */
  static final long SETTLE_MILLIS = 500;

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String PRIMARY_KEY =
      """
      SELECT a.attname FROM pg_index i
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = ?::regclass AND i.indisprimary""";

  private final PostgresConnector connector;

  PostgresChecksums(PostgresConnector connector) {
    this.connector = connector;
  }

  List<TableChecksum> checksums(
      String site, Database database, List<String> tables, Map<String, Long> upToKey) {
    try (Connection c = connector.open(database, TIMEOUT)) {
      List<String> keys = new ArrayList<>();
      List<Long> bounds = new ArrayList<>();
      boolean picked = false;
      for (String table : tables) {
        String key = keyColumn(c, table);
        Long bound = upToKey.get(table);
        if (bound == null) {
          bound = maxKey(c, table, key);
          picked = true;
        }
        keys.add(key);
        bounds.add(bound);
      }
      if (picked) {
        PostgresDatabaseAdapter.sleep(
            SETTLE_MILLIS); // once for every bound picked above, not once per table
      }
      List<TableChecksum> out = new ArrayList<>();
      for (int i = 0; i < tables.size(); i++) {
        out.add(checksum(c, tables.get(i), keys.get(i), bounds.get(i)));
      }
      return out;
    } catch (SQLException e) {
      throw failure(site, "checksum " + tables, e);
    }
  }

  List<Long> missingKeys(
      String site, Database database, String table, String column, List<Long> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    String sql =
        "SELECT k FROM unnest(?::bigint[]) AS k WHERE NOT EXISTS (SELECT 1 FROM "
            + table
            + " t WHERE t."
            + column
            + " = k) ORDER BY k";
    try (Connection c = connector.open(database, TIMEOUT);
        PreparedStatement s = c.prepareStatement(sql)) {
      Array array = c.createArrayOf("bigint", keys.toArray(Long[]::new));
      s.setArray(1, array);
      List<Long> missing = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          missing.add(rs.getLong(1));
        }
      }
      return missing;
    } catch (SQLException e) {
      throw failure(site, "look up " + keys.size() + " keys in " + table, e);
    }
  }

  private static String keyColumn(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(PRIMARY_KEY)) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        throw Failures.nonRetryable(
            FailureType.INVALID_INPUT, "no table '" + table + "' to checksum");
      }
      throw e;
    }
    if (columns.size() != 1) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "table '"
              + table
              + "' needs a single-column primary key to be checksummed in key order, found "
              + columns);
    }
    return columns.get(0);
  }

  private static Long maxKey(Connection c, String table, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT max(" + key + ")::bigint FROM " + table);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return PostgresDatabaseAdapter.nullableLong(rs, 1);
    }
  }

  private static TableChecksum checksum(Connection c, String table, String key, Long bound)
      throws SQLException {
    String sql =
        "SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t."
            + key
            + ")), md5('')) FROM "
            + table
            + " t WHERE t."
            + key
            + " <= ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, bound == null ? Long.MIN_VALUE : bound);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new TableChecksum(table, key, rs.getLong(1), rs.getString(2), bound);
      }
    }
  }

  private static RuntimeException failure(String site, String action, SQLException e) {
    return Failures.retryable(
        Failures.UNREACHABLE,
        "cannot " + action + " on " + site + "'s database: " + PostgresDatabaseAdapter.describe(e),
        e);
  }
}
