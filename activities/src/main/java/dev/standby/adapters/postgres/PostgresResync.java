package dev.standby.adapters.postgres;

import dev.standby.activities.CurrentActivity;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.ResyncResult;
import dev.standby.topology.ServiceTopology.Database;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a database that was a primary (fenced, or killed) into a streaming replica of the current
 * primary: stop it, {@code pg_rewind} it onto the primary's timeline (it needs wal_log_hints or
 * data checksums, and the WAL since the two diverged), or, when rewinding is not possible, empty it
 * and take a fresh {@code pg_basebackup}; then start it and wait until it streams and has replayed
 * the primary's position.
 *
 * <p>The data dir's own configuration files (port, cluster name, access rules: every top-level
 * {@code *.conf} except {@code postgresql.auto.conf}) are kept: both tools copy the source's, which
 * describe the other server. {@code postgresql.auto.conf} comes from the primary with {@code
 * primary_conninfo} added, so a fence that was left on the old primary
 * (default_transaction_read_only) goes with it.
 */
final class PostgresResync {
  private static final Logger log = LoggerFactory.getLogger(PostgresResync.class);
  static final long POLL_MILLIS = 50;

  private final PostgresConnector connector;
  private final PostgresDatabaseAdapter adapter;
  private final UnaryOperator<String> environment;

  PostgresResync(
      PostgresConnector connector,
      PostgresDatabaseAdapter adapter,
      UnaryOperator<String> environment) {
    this.connector = connector;
    this.adapter = adapter;
    this.environment = environment;
  }

  ResyncResult resync(
      String site, Database database, String primarySite, Database primary, Duration maxWait) {
    long started = System.currentTimeMillis();
    if (database.local() == null) {
      throw Failures.nonRetryable(
          FailureType.RESYNC_NOT_CONFIGURED,
          site
              + "'s database has no 'local' block in the "
              + "topology (dataDir, binDir, osUser, logFile): resync stops, rewinds and starts it on the worker's machine, "
              + "so it needs to know where its data dir and the PostgreSQL programs are");
    }
    ReplicationStatus source = adapter.status(primarySite, primary);
    if (source.role() == DatabaseRole.UNREACHABLE) {
      throw Failures.retryable(
          Failures.UNREACHABLE,
          "cannot resync "
              + site
              + " from "
              + primarySite
              + ": its database does not answer ("
              + source.error()
              + ")",
          null);
    }
    if (source.role() != DatabaseRole.PRIMARY || source.fenced()) {
      throw Failures.nonRetryable(
          FailureType.SOURCE_NOT_PRIMARY,
          "cannot resync "
              + site
              + " from "
              + primarySite
              + ": its database is "
              + (source.fenced() ? "a fenced primary" : source.role().name().toLowerCase())
              + ", not the primary taking writes");
    }
    ResyncResult.Method method;
    if (streamingFrom(site, database, primary)) {
      method = ResyncResult.Method.ALREADY_STREAMING;
    } else {
      ReplicationStatus before = adapter.status(site, database);
      if (before.role() == DatabaseRole.PRIMARY && !before.fenced()) {
        // A second primary taking writes: stop its writes first; what it wrote since the failover
        // is lost either way.
        adapter.fence(site, database);
      }
      LocalPostgres pg = new LocalPostgres(database.local(), environment);
      pg.stop();
      // pg_rewind recovers a crashed data dir in single-user mode first, which refuses to run with
      // standby.signal (isolate and the stopping fence leave one); --write-recovery-conf writes it
      // again, and the fence's marker would otherwise outlive the fence.
      pg.delete(LocalPostgres.STANDBY_SIGNAL);
      pg.delete(StoppingFence.MARKER);
      Map<Path, byte[]> ownConfig = ownConfig(pg.dataDir());
      checkpoint(primarySite, primary);
      LocalPostgres.Result rewind = pg.rewind(primary);
      if (rewind.exitCode() == 0) {
        log.info("pg_rewind of {}: {}", site, rewind.output().strip().replace('\n', ' '));
        method = ResyncResult.Method.REWIND;
      } else {
        log.warn(
            "pg_rewind of {} failed (exit {}), taking a fresh base backup instead:\n{}",
            site,
            rewind.exitCode(),
            rewind.output().strip());
        pg.baseBackup(primary);
        method = ResyncResult.Method.BASE_BACKUP;
      }
      restore(ownConfig, pg.owner());
      pg.start();
    }
    String replayLsn = awaitCaughtUp(site, database, primary, maxWait, started);
    log.info(
        "{} is a streaming replica of {} ({}), replayed {}", site, primarySite, method, replayLsn);
    return new ResyncResult(
        site, primarySite, method, replayLsn, System.currentTimeMillis() - started);
  }

  /**
   * A promoted server's control file names its new timeline only after its first checkpoint, and
   * pg_rewind reads the timeline from there: without this, a rewind right after a promotion finds
   * "the same timeline" and rewinds nothing, and the old primary then cannot follow.
   */
  private void checkpoint(String primarySite, Database primary) {
    try (Connection c = connector.open(primary, Duration.ofMinutes(10));
        Statement s = c.createStatement()) {
      s.execute("CHECKPOINT");
    } catch (SQLException e) {
      throw Failures.retryable(
          Failures.UNREACHABLE,
          "cannot checkpoint "
              + primarySite
              + "'s database before the rewind: "
              + PostgresDatabaseAdapter.describe(e),
          e);
    }
  }

  /** In recovery, its WAL receiver streaming from the primary's host and port. */
  private boolean streamingFrom(String site, Database database, Database primary) {
    try (Connection c = connector.openQuick(database);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT status, sender_host, sender_port FROM pg_stat_wal_receiver")) {
      if (!rs.next() || !"streaming".equals(rs.getString(1))) {
        return false;
      }
      String conninfo = LocalPostgres.conninfo(primary);
      return conninfo.contains("host=" + rs.getString(2) + " ")
          && conninfo.contains("port=" + rs.getInt(3) + " ");
    } catch (SQLException notUpOrNotAReplica) {
      return false;
    }
  }

  /** Until it streams and has replayed what the primary had written when we started waiting. */
  private String awaitCaughtUp(
      String site, Database database, Database primary, Duration maxWait, long started) {
    long deadline = started + maxWait.toMillis();
    while (!streamingFrom(site, database, primary)) {
      CurrentActivity.heartbeat("waiting for " + site + " to stream");
      if (System.currentTimeMillis() > deadline) {
        throw Failures.retryable(
            Failures.TIMED_OUT,
            site
                + " is not streaming from the primary within "
                + maxWait.toMillis()
                + " ms of the start of the resync; see its server log",
            null);
      }
      sleep();
    }
    ReplicationStatus target = adapter.status("primary", primary);
    Duration left = Duration.ofMillis(Math.max(1_000, deadline - System.currentTimeMillis()));
    return adapter.awaitReplay(site, database, target.replayLsn(), left).replayLsn();
  }

  private static Map<Path, byte[]> ownConfig(Path dataDir) {
    Map<Path, byte[]> files = new LinkedHashMap<>();
    try (DirectoryStream<Path> confs = Files.newDirectoryStream(dataDir, "*.conf")) {
      for (Path conf : confs) {
        if (!conf.getFileName().toString().equals("postgresql.auto.conf")) {
          files.put(conf, Files.readAllBytes(conf));
        }
      }
    } catch (IOException e) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR, "cannot read the configuration in " + dataDir + ": " + e, e);
    }
    return files;
  }

  private static void restore(Map<Path, byte[]> files, String owner) {
    try {
      for (var file : files.entrySet()) {
        boolean existed = Files.exists(file.getKey());
        Files.write(file.getKey(), file.getValue());
        if (!existed && owner != null) {
          UserPrincipal user =
              file.getKey()
                  .getFileSystem()
                  .getUserPrincipalLookupService()
                  .lookupPrincipalByName(owner);
          Files.setOwner(file.getKey(), user);
        }
      }
    } catch (IOException e) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR, "cannot restore the database's own configuration: " + e, e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(Failures.TIMED_OUT, "interrupted while waiting", e);
    }
  }
}
