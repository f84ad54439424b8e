package dev.standby.adapters.postgres;

import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.FenceResult;
import dev.standby.topology.ServiceTopology.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fence of a primary on this machine (its topology has a {@code local} block): a clean, fast
 * shutdown ({@code pg_ctl stop -m fast}). Every session ends, whatever it asked for ({@code BEGIN
 * READ WRITE}, {@code SET default_transaction_read_only = off}), and the server sends all its WAL,
 * the shutdown checkpoint included, to the replicas connected to it before it exits. The final LSN
 * is that checkpoint's (pg_controldata): every commit lies before it, so a replica that replayed it
 * has them all.
 *
 * <p>The stopped data dir gets {@code standby.signal}, so that a supervisor restarting it brings it
 * back read-only, and a marker ({@value #MARKER}, the final LSN) that makes the fence idempotent
 * and tells {@link #unfence} what to undo. A clean stop needs no rewind: {@link PostgresResync}
 * turns it into a replica of the new primary without copying data.
 */
final class StoppingFence {
  private static final Logger log = LoggerFactory.getLogger(StoppingFence.class);
  static final String MARKER = "standby.fenced";

  private final PostgresConnector connector;
  private final UnaryOperator<String> environment;

  StoppingFence(PostgresConnector connector, UnaryOperator<String> environment) {
    this.connector = connector;
    this.environment = environment;
  }

  FenceResult fence(String site, Database database) {
    LocalPostgres pg = new LocalPostgres(database.local(), environment);
    boolean wasRunning = pg.running();
    if (wasRunning) {
      try (Connection c = connector.open(database, PostgresDatabaseAdapter.STATEMENT_TIMEOUT)) {
        if (PostgresDatabaseAdapter.inRecovery(c)) {
          throw Failures.nonRetryable(
              FailureType.SOURCE_NOT_PRIMARY,
              site + "'s database is a replica (in recovery): only a primary can be fenced");
        }
      } catch (SQLException e) {
        throw PostgresDatabaseAdapter.unreachable(site, "fence", e);
      }
      pg.stop();
    }
    Map<String, String> control = pg.controlData();
    String state = control.getOrDefault("Database cluster state", "unknown");
    String marked = pg.has(MARKER) ? pg.read(MARKER).strip() : null;
    if (state.equals("shut down in recovery") && marked != null) {
      // Restarted read-only by someone after our fence, then stopped again: still ours.
      pg.write(LocalPostgres.STANDBY_SIGNAL, "");
      return new FenceResult(site, marked, true);
    }
    if (state.equals("shut down in recovery")) {
      throw Failures.nonRetryable(
          FailureType.SOURCE_NOT_PRIMARY,
          site
              + "'s database is a stopped replica (shut down in recovery): only a primary can be"
              + " fenced");
    }
    if (!state.equals("shut down")) {
      // A crashed server: what it committed last is not in its control file, so no LSN is safe.
      throw Failures.retryable(
          Failures.UNREACHABLE,
          site
              + "'s database is not running and was not shut down cleanly (cluster state: "
              + state
              + "): its last commit is unknown, so it cannot be fenced for a planned switchover;"
              + " start it, or fail over as unplanned",
          null);
    }
    String finalLsn = control.get("Latest checkpoint location");
    if (finalLsn == null || !Lsn.valid(finalLsn)) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR,
          "pg_controldata of " + site + " gives no checkpoint location: " + control,
          null);
    }
    boolean alreadyFenced = !wasRunning && finalLsn.equals(marked);
    pg.write(LocalPostgres.STANDBY_SIGNAL, "");
    pg.write(MARKER, finalLsn + "\n");
    log.info(
        "fenced {}: stopped cleanly at checkpoint {} (already fenced: {})",
        site,
        finalLsn,
        alreadyFenced);
    return new FenceResult(site, finalLsn, alreadyFenced);
  }

  /** Whether the data dir carries this fence's marker: only then is {@link #unfence} ours to do. */
  static boolean fenced(LocalPostgres pg) {
    return pg.has(MARKER);
  }

  /** Starts the fenced primary again as the primary: the compensation when the promotion failed. */
  void unfence(String site, Database database) {
    LocalPostgres pg = new LocalPostgres(database.local(), environment);
    if (pg.running()) {
      pg.stop(); // restarted read-only (standby.signal) by someone since the fence
    }
    pg.delete(LocalPostgres.STANDBY_SIGNAL);
    pg.start();
    pg.delete(MARKER); // last: a retry after a failed start finds the marker and starts again
    log.info("unfenced {}: started again as the primary", site);
  }
}
