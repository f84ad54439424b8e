package dev.standby.adapters.postgres;

import dev.standby.activities.CurrentActivity;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.ResyncResult;
import dev.standby.topology.ServiceTopology.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a replica of the old primary follow the new one in place, over SQL: {@code ALTER SYSTEM SET
 * primary_conninfo}, {@code pg_reload_conf()} (PostgreSQL 13 and later restart the WAL receiver on
 * it), and a paused replay resumed. With {@code recovery_target_timeline = 'latest'} the replica
 * fetches the new timeline's history from its new upstream and follows the switch, as long as it
 * has not replayed past the point where the new primary forked off; one that has (or that does not
 * start streaming) must be rewound, which needs its host.
 */
final class PostgresRepoint {
  private static final Logger log = LoggerFactory.getLogger(PostgresRepoint.class);

  /** A replica that follows the new timeline streams within a second or two of the reload. */
  static final Duration STREAMING_WITHIN = Duration.ofSeconds(20);

  private final PostgresConnector connector;
  private final PostgresDatabaseAdapter adapter;

  PostgresRepoint(PostgresConnector connector, PostgresDatabaseAdapter adapter) {
    this.connector = connector;
    this.adapter = adapter;
  }

  ResyncResult repoint(
      String site,
      Database database,
      String primarySite,
      Database primary,
      String forkLsn,
      Duration maxWait) {
    long started = System.currentTimeMillis();
    String conninfo = LocalPostgres.conninfo(primary);
    ResyncResult.Method method = ResyncResult.Method.ALREADY_STREAMING;
    int timeline = primaryTimeline(primarySite, primary);
    try (Connection c = connector.open(database, PostgresDatabaseAdapter.STATEMENT_TIMEOUT)) {
      if (!PostgresDatabaseAdapter.inRecovery(c)) {
        throw Failures.nonRetryable(
            FailureType.TARGET_NOT_REPLICA,
            site + "'s database is not a replica: only a replica can be re-pointed; resync it");
      }
      // Whether it replayed past the fork is only a hint: forkLsn is what the new primary had
      // replayed when told to promote, a lower bound of its timeline's fork. PostgreSQL itself
      // refuses to follow a timeline that forked before its position: then it does not stream.
      String past = pastFork(c, forkLsn);
      if (!streamingFrom(c, conninfo, timeline)) {
        try (PreparedStatement set =
            c.prepareStatement(
                "ALTER SYSTEM SET primary_conninfo = '" + conninfo.replace("'", "''") + "'")) {
          set.execute();
        }
        try (Statement s = c.createStatement()) {
          s.execute("SELECT pg_reload_conf()");
          // A replica being re-pointed must follow: a replay paused by hand would never catch up.
          s.execute("SELECT pg_wal_replay_resume()");
        }
        method = ResyncResult.Method.REPOINT;
        log.info("re-pointed {} to {} ({})", site, primarySite, conninfo);
      }
      awaitStreaming(site, c, primarySite, conninfo, timeline, past);
    } catch (SQLException e) {
      throw PostgresDatabaseAdapter.unreachable(site, "re-point", e);
    }
    ReplicationStatus target = adapter.status(primarySite, primary);
    Duration left =
        Duration.ofMillis(
            Math.max(1_000, maxWait.toMillis() - (System.currentTimeMillis() - started)));
    String replayed = adapter.awaitReplay(site, database, target.replayLsn(), left).replayLsn();
    log.info("{} streams from {} ({}), replayed {}", site, primarySite, method, replayed);
    return new ResyncResult(
        site, primarySite, method, replayed, System.currentTimeMillis() - started);
  }

  /** Its replay position when that is past {@code forkLsn}, else null. */
  private static String pastFork(Connection c, String forkLsn) throws SQLException {
    if (!Lsn.valid(forkLsn)) {
      return null;
    }
    try (PreparedStatement past =
        c.prepareStatement(
            "SELECT pg_last_wal_replay_lsn()::text, pg_last_wal_replay_lsn() > ?::pg_lsn")) {
      past.setString(1, forkLsn);
      try (ResultSet rs = past.executeQuery()) {
        rs.next();
        return rs.getBoolean(2) ? rs.getString(1) + ", past " + forkLsn : null;
      }
    }
  }

  private static void awaitStreaming(
      String site, Connection c, String primarySite, String conninfo, int timeline, String past)
      throws SQLException {
    long deadline = System.currentTimeMillis() + STREAMING_WITHIN.toMillis();
    while (!streamingFrom(c, conninfo, timeline)) {
      CurrentActivity.heartbeat("waiting for " + site + " to stream from " + primarySite);
      if (System.currentTimeMillis() > deadline) {
        throw Failures.nonRetryable(
            FailureType.REPLICA_DIVERGED,
            site
                + " does not stream from "
                + primarySite
                + " within "
                + STREAMING_WITHIN.toSeconds()
                + " s of being re-pointed ("
                + (past == null
                    ? "it may have received WAL past the fork"
                    : "it replayed up to " + past + " where " + primarySite + " was promoted")
                + "): it has WAL the new primary does not, so it must be rewound; see its server"
                + " log");
      }
      PostgresDatabaseAdapter.sleep(PostgresResync.POLL_MILLIS);
    }
  }

  /** The new primary's timeline: a replica that follows it receives WAL of that timeline. */
  private int primaryTimeline(String primarySite, Database primary) {
    try (Connection p = connector.open(primary, PostgresDatabaseAdapter.STATEMENT_TIMEOUT)) {
      return PromotionEvidence.timeline(p);
    } catch (SQLException e) {
      throw PostgresDatabaseAdapter.unreachable(primarySite, "read the timeline of", e);
    }
  }

  /**
   * Its WAL receiver streams from the host and port {@code conninfo} names, WAL of the primary's
   * timeline: a diverged replica's receiver may connect for a moment before the server refuses the
   * position it asks for.
   */
  private static boolean streamingFrom(Connection c, String conninfo, int timeline)
      throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT status, sender_host, sender_port, received_tli FROM pg_stat_wal_receiver")) {
      if (!rs.next() || !"streaming".equals(rs.getString(1)) || rs.getInt(4) < timeline) {
        return false;
      }
      String padded = conninfo + " ";
      return padded.contains("host=" + rs.getString(2) + " ")
          && padded.contains("port=" + rs.getInt(3) + " ");
    }
  }
}
