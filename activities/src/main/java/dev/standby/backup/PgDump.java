package dev.standby.backup;

import dev.standby.topology.ServiceTopology.Database;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code pg_dump} in the custom format ({@code -Fc}) to stdout, read as a stream.
 *
 * <p>Why the custom format: it is one stream (so it pipes through encryption into an upload with no
 * temp file, unlike the directory format), and pg_restore reads it from stdin, checks its structure
 * and can still restore single tables from it, which a plain SQL script cannot offer. Uncompressed
 * ({@code -Z0}): zstd level 1 on our side (see {@link EncryptingInputStream}) is about four times
 * faster than pg_dump's zlib level 1 and smaller; PostgreSQL 15's pg_dump offers only zlib.
 *
 * <p>Before pg_dump starts, a REPEATABLE READ transaction exports its snapshot, records the WAL
 * position and counts every table's rows; pg_dump then dumps that same snapshot ({@code
 * --snapshot}), so the manifest's row counts are exactly what the dump holds.
 */
final class PgDump implements AutoCloseable {
  static final String FORMAT = "pg_dump custom (-Fc -Z0)";

  private final Connection snapshotHolder;
  private final Process process;
  private final Path errors;
  final String sourceLsn;
  final String serverVersion;
  final Map<String, Long> rowCounts;

  private PgDump(
      Connection holder,
      Process process,
      Path errors,
      String lsn,
      String version,
      Map<String, Long> rows) {
    this.snapshotHolder = holder;
    this.process = process;
    this.errors = errors;
    this.sourceLsn = lsn;
    this.serverVersion = version;
    this.rowCounts = rows;
  }

  static PgDump start(String binDir, Database database, String password)
      throws SQLException, IOException {
    Connection holder = PgTools.connect(database.url(), database.user(), password);
    try {
      holder.setAutoCommit(false);
      holder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      String snapshot;
      String lsn;
      String version;
      Map<String, Long> rows = new TreeMap<>();
      try (Statement st = holder.createStatement()) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT pg_export_snapshot(), pg_current_wal_lsn()::text, current_setting('server_version')")) {
          rs.next();
          snapshot = rs.getString(1);
          lsn = rs.getString(2);
          version = rs.getString(3);
        }
        for (String table : tables(st)) {
          try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            rows.put(table, rs.getLong(1));
          }
        }
      }
      Map<String, String> c = PgTools.parts(database.url());
      Path errors = Files.createTempFile("standby-pg_dump-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(binDir, "pg_dump").toString(),
                  "-Fc",
                  "-Z0",
                  "--snapshot=" + snapshot,
                  "-h",
                  c.get("host"),
                  "-p",
                  c.get("port"),
                  "-U",
                  database.user(),
                  "-d",
                  c.get("dbname"),
                  "--no-password")
              .redirectError(errors.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      if (password != null) {
        builder.environment().put("PGPASSWORD", password);
      }
      return new PgDump(holder, builder.start(), errors, lsn, version, rows);
    } catch (SQLException | IOException | RuntimeException e) {
      holder.close();
      throw e;
    }
  }

  /**
   * Ordinary and partitioned-leaf tables outside the system schemas, as {@code "schema"."table"}.
   */
  static List<String> tables(Statement st) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs =
        st.executeQuery(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
                + " ORDER BY 1, 2")) {
      while (rs.next()) {
        tables.add(PgTools.quoteIdent(rs.getString(1)) + "." + PgTools.quoteIdent(rs.getString(2)));
      }
    }
    return tables;
  }

  InputStream output() {
    return process.getInputStream();
  }

  /**
   * Waits for pg_dump to exit after its output was read to the end; throws with its stderr when it
   * failed.
   */
  void finish() throws IOException, InterruptedException {
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      throw new IOException("pg_dump did not exit after its output ended");
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          "pg_dump failed (exit " + process.exitValue() + "): " + Files.readString(errors).strip());
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      snapshotHolder.rollback();
      snapshotHolder.close();
    } catch (SQLException ignored) {
      // the snapshot's transaction ends with the connection either way
    }
    errors.toFile().delete();
  }
}
