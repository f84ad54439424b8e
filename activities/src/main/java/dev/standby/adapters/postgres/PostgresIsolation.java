package dev.standby.adapters.postgres;

import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.IsolationResult;
import dev.standby.topology.ServiceTopology.Database;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STONITH for a database on this machine that is believed lost (an unplanned failover's old
 * primary, a zombie primary that came back): SIGKILL its postmaster and every process working in
 * its data dir, then leave {@code standby.signal} and a {@code primary_conninfo} for the new
 * primary, so that whatever restarts it brings it back read-only, in recovery. SIGKILL needs no
 * cooperation: a frozen (SIGSTOPped) server dies without ever running again.
 *
 * <p>The data dir is left as a crashed server's, which {@link PostgresResync} can still rewind
 * later. A server that answers as a replica takes no writes and is left running.
 */
final class PostgresIsolation {
  private static final Logger log = LoggerFactory.getLogger(PostgresIsolation.class);

  /** SIGKILL takes effect at once, but the kernel may need a moment to tear a process down. */
  static final long GONE_WITHIN_MILLIS = 10_000;

  private final PostgresDatabaseAdapter adapter;
  private final UnaryOperator<String> environment;

  PostgresIsolation(PostgresDatabaseAdapter adapter, UnaryOperator<String> environment) {
    this.adapter = adapter;
    this.environment = environment;
  }

  IsolationResult isolate(
      String site, Database database, String newPrimarySite, Database newPrimary) {
    if (database.local() == null) {
      throw Failures.nonRetryable(
          FailureType.RESYNC_NOT_CONFIGURED,
          site
              + "'s database has no 'local' block in the topology (dataDir, binDir, osUser,"
              + " logFile): isolating it kills its server on the worker's machine and leaves a"
              + " standby.signal in its data dir, so Standby must know where they are; until then,"
              + " make sure by other means that it cannot take writes");
    }
    LocalPostgres pg = new LocalPostgres(database.local(), environment);
    List<Long> running = Postmaster.processes(pg.dataDir());
    if (!running.isEmpty() && !Postmaster.frozen(running.get(0))) {
      // Asked only of a server that can answer: a frozen one would cost the whole login timeout.
      if (adapter.status(site, database).role() == DatabaseRole.REPLICA) {
        return new IsolationResult(
            site,
            0,
            pg.has(LocalPostgres.STANDBY_SIGNAL),
            site
                + "'s database answers as a replica (in recovery): it takes no writes; left running");
      }
    }
    // Written first: a running server reads them only when it starts, so from here on any restart,
    // even one racing with the kill, comes back read-only.
    boolean changed = pg.followOnRestart(newPrimary);
    int killed = killAll(site, pg);
    // Nothing runs on the data dir now; a killed postmaster left unreaped (a zombie) would still
    // block a restart through its postmaster.pid, and a restart is now safe.
    pg.stop();
    String how =
        (killed == 0
                ? "no server process was running"
                : "SIGKILLed "
                    + killed
                    + " server processes"
                    + (running.isEmpty() ? "" : " (postmaster " + running.get(0) + ")"))
            + (changed
                ? "; wrote standby.signal and primary_conninfo for " + newPrimarySite
                : "; standby.signal and primary_conninfo for " + newPrimarySite + " already there")
            + ": a restart brings it back read-only";
    log.info("isolated {}: {}", site, how);
    return new IsolationResult(site, killed, true, how);
  }

  /** Kills until no process of the data dir is left; returns how many were killed. */
  private static int killAll(String site, LocalPostgres pg) {
    Set<Long> killed = new HashSet<>();
    long deadline = System.currentTimeMillis() + GONE_WITHIN_MILLIS;
    List<Long> left = Postmaster.processes(pg.dataDir());
    while (!left.isEmpty()) {
      // The postmaster first (the list starts with it): it cannot fork or restart children after.
      for (long pid : left) {
        if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
          killed.add(pid);
        }
      }
      PostgresDatabaseAdapter.sleep(20);
      left = Postmaster.processes(pg.dataDir());
      if (!left.isEmpty() && System.currentTimeMillis() > deadline) {
        throw Failures.retryable(
            Failures.PROVIDER_ERROR,
            "cannot kill "
                + site
                + "'s server processes "
                + left
                + " in "
                + pg.dataDir()
                + " (is the worker root, or the server's OS user?)",
            null);
      }
    }
    return killed.size();
  }
}
