package dev.standby.adapters.postgres;

import dev.standby.model.database.PromotionResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a database that is already primary can still tell about its last promotion. If the activity
 * that promoted it failed to report back (worker crash, lost connection) the retry lands here, and
 * the data-loss evidence must not be lost with it: the timeline history file records where the old
 * timeline ended (the replay position at promotion), and pg_last_xact_replay_timestamp() keeps the
 * last replayed commit until the server restarts. Both are best effort: reading server files needs
 * superuser or pg_read_server_files, and a database that was never a replica has neither.
 */
final class PromotionEvidence {
  private PromotionEvidence() {}

  static PromotionResult alreadyPrimary(String site, Connection c) throws SQLException {
    int timeline = timeline(c);
    String switchLsn = null;
    long promotedAt = 0; // unknown unless the history file says
    if (timeline > 1) {
      String history = String.format("pg_wal/%08X.history", timeline);
      switchLsn = lastSwitchPoint(orNull(c, "SELECT pg_read_file('" + history + "')"));
      String modified =
          orNull(
              c,
              "SELECT (extract(epoch FROM modification) * 1000)::bigint::text FROM pg_stat_file('"
                  + history
                  + "')");
      promotedAt = modified == null ? 0 : Long.parseLong(modified);
    }
    Long replayedCommit = null;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (extract(epoch FROM pg_last_xact_replay_timestamp()) * 1000)::bigint")) {
      rs.next();
      replayedCommit = PostgresDatabaseAdapter.nullableLong(rs, 1);
    }
    return new PromotionResult(site, false, switchLsn, replayedCommit, promotedAt, timeline);
  }

  /**
   * From the current WAL file's name: {@code 00000002...} is timeline 2 (pg_control_checkpoint()
   * lags until a checkpoint).
   */
  static int timeline(Connection c) throws SQLException {
    return Lsn.timelineOfWalFile(
        PostgresDatabaseAdapter.text(c, "SELECT pg_walfile_name(pg_current_wal_lsn())"));
  }

  /** The last line of a history file is {@code <parent timeline> TAB <switch LSN> TAB <reason>}. */
  static String lastSwitchPoint(String history) {
    if (history == null) {
      return null;
    }
    String[] lines = history.strip().split("\n");
    String[] fields = lines[lines.length - 1].split("\t");
    return fields.length >= 2 && Lsn.valid(fields[1].strip()) ? fields[1].strip() : null;
  }

  private static String orNull(Connection c, String sql) {
    try {
      return PostgresDatabaseAdapter.text(c, sql);
    } catch (SQLException notAllowedOrMissing) {
      return null;
    }
  }
}
