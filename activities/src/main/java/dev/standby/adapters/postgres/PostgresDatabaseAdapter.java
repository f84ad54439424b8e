package dev.standby.adapters.postgres;

import dev.standby.activities.CurrentActivity;
import dev.standby.adapters.DatabaseAdapter;
import dev.standby.adapters.DatabaseObservation;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.IsolationResult;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.database.TableChecksum;
import dev.standby.topology.ServiceTopology.Database;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL over JDBC, for streaming replication set up the usual way (a primary, replicas in hot
 * standby).
 *
 * <p>The fence depends on whether Standby controls the server. With the database's {@code local}
 * block it stops the server cleanly ({@link StoppingFence}): nothing can write to it any more.
 * Without one (a server on another host, reached only over SQL) it is the soft fence: {@code
 * default_transaction_read_only = on} cluster-wide plus ending the database's other client
 * sessions. That stops applications that use default transactions, but <b>not</b> a session that
 * asks for writes: {@code BEGIN READ WRITE}, {@code SET default_transaction_read_only = off} or
 * {@code SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE} still commit on the old primary,
 * and those commits come after the final LSN and never reach the new primary. Give the database a
 * {@code local} block (the worker on its host), or keep such clients away, for a fence that holds.
 *
 * <p>{@link #isolate} (kill the server, leave it to restart as a replica) also needs the {@code
 * local} block.
 */
public class PostgresDatabaseAdapter implements DatabaseAdapter {
  private static final Logger log = LoggerFactory.getLogger(PostgresDatabaseAdapter.class);
  static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(10);

  /** pg_promote waits up to this long for the promotion to finish. */
  static final int PROMOTE_WAIT_SECONDS = 60;

  static final Duration SETTING_VISIBLE_WITHIN = Duration.ofSeconds(5);
  static final long POLL_MILLIS = 20;

  // The subquery with OFFSET 0 evaluates pg_is_in_recovery() once, so a promotion between two calls
  // cannot make the role and the positions disagree (pg_current_wal_lsn() fails during recovery).
  private static final String STATUS =
      """
      SELECT in_recovery,
        (CASE WHEN in_recovery THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END)::text,
        (CASE WHEN in_recovery THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text,
        CASE WHEN in_recovery THEN (extract(epoch FROM pg_last_xact_replay_timestamp()) * 1000)::bigint END,
        CASE WHEN NOT in_recovery THEN NULL
             WHEN pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) <= 0 THEN 0
             ELSE (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::bigint END,
        current_setting('default_transaction_read_only') = 'on'
      FROM (SELECT pg_is_in_recovery() AS in_recovery OFFSET 0) AS role""";

  private static final String TERMINATE_OTHER_SESSIONS =
      """
      SELECT count(*) FILTER (WHERE terminated), count(*) FROM (
        SELECT pg_terminate_backend(pid, 5000) AS terminated FROM pg_stat_activity
        WHERE backend_type = 'client backend' AND datname = current_database() AND pid <> pg_backend_pid()) AS t""";

  private final PostgresConnector connector;
  private final PostgresResync resync;
  private final PostgresRepoint repoint;
  private final PostgresChecksums checksums;
  private final StoppingFence stoppingFence;
  private final PostgresIsolation isolation;
  private final UnaryOperator<String> environment;

  public PostgresDatabaseAdapter() {
    this(System::getenv);
  }

  /**
   * @param environment where {@code passwordEnv} names are looked up
   */
  public PostgresDatabaseAdapter(UnaryOperator<String> environment) {
    this.connector = new PostgresConnector(environment);
    this.resync = new PostgresResync(connector, this, environment);
    this.repoint = new PostgresRepoint(connector, this);
    this.checksums = new PostgresChecksums(connector);
    this.stoppingFence = new StoppingFence(connector, environment);
    this.isolation = new PostgresIsolation(this, environment);
    this.environment = environment;
  }

  @Override
  public DatabaseObservation observe(String site, Database database) {
    Boolean alive = processAlive(database);
    try (Connection c = connector.openQuick(database)) {
      ReplicationStatus status = status(site, c);
      if (status.role() != DatabaseRole.REPLICA) {
        return new DatabaseObservation(status, null, null, false, alive);
      }
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT status, sender_host, sender_port FROM pg_stat_wal_receiver")) {
        if (rs.next() && "streaming".equals(rs.getString(1)) && rs.getString(2) != null) {
          return new DatabaseObservation(status, rs.getString(2), rs.getInt(3), true, alive);
        }
      }
      // Not streaming (its upstream is down, or it never connected): whom it is set to follow.
      Map<String, String> conninfo = Conninfo.parse(show(c, "primary_conninfo"));
      return new DatabaseObservation(
          status, Conninfo.firstHost(conninfo), Conninfo.firstPort(conninfo), false, alive);
    } catch (SQLException e) {
      return new DatabaseObservation(
          new ReplicationStatus(
              site, DatabaseRole.UNREACHABLE, null, null, null, null, false, describe(e)),
          null,
          null,
          false,
          alive);
    }
  }

  @Override
  public Boolean processAlive(Database database) {
    if (database.local() == null) {
      return null;
    }
    // The central worker of a deployment with site workers is not on the database's host: its data
    // dir is not here, and that says nothing about whether the server runs.
    Path dataDir = Path.of(database.local().dataDir());
    return java.nio.file.Files.isDirectory(dataDir)
        ? Postmaster.running(dataDir).isPresent()
        : null;
  }

  @Override
  public IsolationResult isolate(
      String site, Database database, String newPrimarySite, Database newPrimary) {
    return isolation.isolate(site, database, newPrimarySite, newPrimary);
  }

  @Override
  public List<TableChecksum> checksums(
      String site, Database database, List<String> tables, Map<String, Long> upToKey) {
    return checksums.checksums(site, database, tables, upToKey);
  }

  @Override
  public List<Long> missingKeys(
      String site, Database database, String table, String column, List<Long> keys) {
    return checksums.missingKeys(site, database, table, column, keys);
  }

  @Override
  public ResyncResult resyncAsReplica(
      String site, Database database, String primarySite, Database primary, Duration maxWait) {
    return resync.resync(site, database, primarySite, primary, maxWait);
  }

  @Override
  public ResyncResult repoint(
      String site,
      Database database,
      String primarySite,
      Database primary,
      String forkLsn,
      Duration maxWait) {
    return repoint.repoint(site, database, primarySite, primary, forkLsn, maxWait);
  }

  @Override
  public Long standbysLagMillis(String site, Database primary) {
    try (Connection c = connector.openQuick(primary);
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT (extract(epoch FROM max(replay_lag)) * 1000)::bigint FROM pg_stat_replication")) {
      rs.next();
      return nullableLong(rs, 1);
    } catch (SQLException e) {
      return null;
    }
  }

  @Override
  public ReplicationStatus status(String site, Database database) {
    try (Connection c = connector.openQuick(database)) {
      return status(site, c);
    } catch (SQLException e) {
      return new ReplicationStatus(
          site, DatabaseRole.UNREACHABLE, null, null, null, null, false, describe(e));
    }
  }

  @Override
  public FenceResult fence(String site, Database database) {
    if (database.local() != null) {
      return stoppingFence.fence(site, database);
    }
    try (Connection c = connector.open(database, STATEMENT_TIMEOUT)) {
      if (inRecovery(c)) {
        // Retrying cannot turn a replica into the primary that was meant: the caller named the
        // wrong site.
        throw Failures.nonRetryable(
            FailureType.SOURCE_NOT_PRIMARY,
            site + "'s database is a replica (in recovery): only a primary can be fenced");
      }
      // This session is new, so it started with the configuration as it is now.
      boolean alreadyFenced = "on".equals(show(c, "default_transaction_read_only"));
      if (!alreadyFenced) {
        execute(c, "ALTER SYSTEM SET default_transaction_read_only = on");
        execute(c, "SELECT pg_reload_conf()");
        awaitNewSessionsSee(site, database, "on");
      }
      // Always, even when already fenced: an earlier attempt may have failed between the reload and
      // this.
      int ended = terminateOtherSessions(c);
      String finalLsn = text(c, "SELECT pg_current_wal_lsn()::text");
      log.info(
          "fenced {} at LSN {} (already fenced: {}, ended {} sessions)",
          site,
          finalLsn,
          alreadyFenced,
          ended);
      return new FenceResult(site, finalLsn, alreadyFenced);
    } catch (SQLException e) {
      // Retryable: a database that is restarting can be fenced in a moment; the workflow's retry
      // policy bounds it.
      throw unreachable(site, "fence", e);
    }
  }

  @Override
  public void unfence(String site, Database database) {
    // Compensation: it must not fail because of what it finds. An unreachable database stays as it
    // was
    // (fenced is the safe state), and an operator sees this in the log.
    if (database.local() != null
        && StoppingFence.fenced(new LocalPostgres(database.local(), environment))) {
      stoppingFence.unfence(site, database);
      return;
    }
    try (Connection c = connector.open(database, STATEMENT_TIMEOUT)) {
      if (!"on".equals(show(c, "default_transaction_read_only"))) {
        return;
      }
      execute(c, "ALTER SYSTEM RESET default_transaction_read_only");
      execute(c, "SELECT pg_reload_conf()");
      awaitNewSessionsSee(site, database, "off");
      log.info("unfenced {}", site);
    } catch (SQLException e) {
      log.warn(
          "could not unfence {}; it stays read-only until someone runs ALTER SYSTEM RESET "
              + "default_transaction_read_only: {}",
          site,
          describe(e));
    }
  }

  @Override
  public ReplicationStatus awaitReplay(
      String site, Database database, String lsn, Duration maxWait) {
    if (!Lsn.valid(lsn)) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT, "'" + lsn + "' is not a WAL position (like 0/3025EF8)");
    }
    long deadline = System.currentTimeMillis() + maxWait.toMillis();
    try (Connection c = connector.open(database, STATEMENT_TIMEOUT);
        PreparedStatement replayed =
            c.prepareStatement(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, "
                    + "coalesce(pg_wal_lsn_diff(pg_last_wal_replay_lsn(), ?::pg_lsn) >= 0, false), "
                    + "pg_is_in_recovery() AND pg_is_wal_replay_paused()")) {
      replayed.setString(1, lsn);
      while (true) {
        String replay;
        try (ResultSet rs = replayed.executeQuery()) {
          rs.next();
          if (!rs.getBoolean(1)) {
            throw Failures.nonRetryable(
                FailureType.TARGET_NOT_REPLICA,
                site + "'s database is not a replica any more: it cannot replay " + lsn);
          }
          replay = rs.getString(2);
          if (rs.getBoolean(3)) {
            return status(site, c);
          }
          if (rs.getBoolean(4)) {
            // Told to reach an LSN (a failover target catching up, a replica re-pointed), a replica
            // whose replay was paused by hand would wait forever: it must replay now.
            execute(c, "SELECT pg_wal_replay_resume()");
            log.info("{}'s WAL replay was paused at {}: resumed to reach {}", site, replay, lsn);
          }
        }
        CurrentActivity.heartbeat(replay);
        if (System.currentTimeMillis() > deadline) {
          throw Failures.retryable(
              Failures.TIMED_OUT,
              site
                  + " replayed up to "
                  + replay
                  + ", not "
                  + lsn
                  + ", within "
                  + maxWait.toMillis()
                  + " ms",
              null);
        }
        sleep(POLL_MILLIS);
      }
    } catch (SQLException e) {
      throw unreachable(site, "wait for replay on", e);
    }
  }

  @Override
  public PromotionResult promote(String site, Database database) {
    Duration socketTimeout = Duration.ofSeconds(PROMOTE_WAIT_SECONDS + 15);
    try (Connection c = connector.open(database, socketTimeout)) {
      if (!inRecovery(c)) {
        return PromotionEvidence.alreadyPrimary(site, c);
      }
      // Captured before promoting: this is what the new primary has, so anything newer is lost.
      String replayLsn;
      Long replayedCommitMillis;
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT pg_last_wal_replay_lsn()::text, "
                      + "(extract(epoch FROM pg_last_xact_replay_timestamp()) * 1000)::bigint")) {
        rs.next();
        replayLsn = rs.getString(1);
        replayedCommitMillis = nullableLong(rs, 2);
      }
      boolean done;
      try {
        done = bool(c, "SELECT pg_promote(true, " + PROMOTE_WAIT_SECONDS + ")");
      } catch (SQLException e) {
        if (!inRecovery(c)) { // promoted by someone else in between: nothing left to do
          return PromotionEvidence.alreadyPrimary(site, c);
        }
        throw e;
      }
      if (!done) {
        throw Failures.retryable(
            Failures.TIMED_OUT,
            site + " did not finish promoting within " + PROMOTE_WAIT_SECONDS + " s",
            null);
      }
      long promotedAt = System.currentTimeMillis();
      int timeline = PromotionEvidence.timeline(c);
      log.info("promoted {} at replay LSN {} to timeline {}", site, replayLsn, timeline);
      return new PromotionResult(site, true, replayLsn, replayedCommitMillis, promotedAt, timeline);
    } catch (SQLException e) {
      throw unreachable(site, "promote", e);
    }
  }

  static ReplicationStatus status(String site, Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(STATUS)) {
      rs.next();
      boolean replica = rs.getBoolean(1);
      return new ReplicationStatus(
          site,
          replica ? DatabaseRole.REPLICA : DatabaseRole.PRIMARY,
          rs.getString(2),
          rs.getString(3),
          nullableLong(rs, 4),
          nullableLong(rs, 5),
          !replica && rs.getBoolean(6),
          null);
    }
  }

  /** Waits until sessions opened from now on have {@code value}: a reload is asynchronous. */
  private void awaitNewSessionsSee(String site, Database database, String value)
      throws SQLException {
    long deadline = System.currentTimeMillis() + SETTING_VISIBLE_WITHIN.toMillis();
    while (true) {
      try (Connection fresh = connector.open(database, STATEMENT_TIMEOUT)) {
        if (value.equals(show(fresh, "default_transaction_read_only"))) {
          return;
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw Failures.retryable(
            Failures.TIMED_OUT,
            site
                + ": new sessions still do not see default_transaction_read_only = "
                + value
                + " "
                + SETTING_VISIBLE_WITHIN.toMillis()
                + " ms after the reload",
            null);
      }
      sleep(POLL_MILLIS);
    }
  }

  private static int terminateOtherSessions(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(TERMINATE_OTHER_SESSIONS)) {
      rs.next();
      if (rs.getInt(1) < rs.getInt(2)) {
        log.warn(
            "{} of {} sessions did not end within 5 s of being terminated",
            rs.getInt(2) - rs.getInt(1),
            rs.getInt(2));
      }
      return rs.getInt(1);
    }
  }

  static boolean inRecovery(Connection c) throws SQLException {
    return bool(c, "SELECT pg_is_in_recovery()");
  }

  private static String show(Connection c, String setting) throws SQLException {
    return text(c, "SHOW " + setting);
  }

  static String text(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static boolean bool(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  /**
   * Both kinds retry: a lost connection because the database may be restarting, other errors
   * because the workflow's retry policy is what bounds a stuck step, and the message says what went
   * wrong.
   */
  static ApplicationFailure unreachable(String site, String action, SQLException e) {
    String type = lostConnection(e) ? Failures.UNREACHABLE : Failures.PROVIDER_ERROR;
    return Failures.retryable(
        type, "cannot " + action + " " + site + "'s database: " + describe(e), e);
  }

  /**
   * SQLSTATE class 08 (connection), 57P (shutting down, starting up) or no state (timeouts in the
   * driver).
   */
  static boolean lostConnection(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08") || state.startsWith("57P");
  }

  static String describe(SQLException e) {
    return e.getMessage() + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(Failures.TIMED_OUT, "interrupted while waiting", e);
    }
  }
}
