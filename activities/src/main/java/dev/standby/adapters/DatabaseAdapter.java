package dev.standby.adapters;

import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.IsolationResult;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.database.TableChecksum;
import dev.standby.topology.ServiceTopology.Database;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One database provider (PostgreSQL over JDBC today; RDS, Cloud SQL, ... later). Every method is
 * idempotent, and {@code site} only labels the results: the adapter acts on {@code database}.
 */
public interface DatabaseAdapter {

  /**
   * Role and replication position; an unreachable database is a status with role UNREACHABLE, not
   * an exception.
   */
  ReplicationStatus status(String site, Database database);

  /**
   * The status, and for a replica whom it streams from; never an exception. Bounded like {@link
   * #status}: a hung server is an UNREACHABLE status within seconds.
   */
  default DatabaseObservation observe(String site, Database database) {
    return DatabaseObservation.of(status(site, database));
  }

  /**
   * Whether the database's server process runs, asked of its host without talking to it; null when
   * the adapter cannot tell (no host access).
   */
  default Boolean processAlive(Database database) {
    return null;
  }

  /**
   * Makes sure a database believed lost can never take writes again (STONITH): see {@code
   * DatabaseHostActivities.isolate}. Idempotent.
   */
  default IsolationResult isolate(
      String site, Database database, String newPrimarySite, Database newPrimary) {
    throw Failures.nonRetryable(
        FailureType.RESYNC_NOT_CONFIGURED,
        "the "
            + database.provider()
            + " adapter cannot isolate "
            + site
            + "'s database: Standby has no access to its host; make sure by other means (the"
            + " provider's console, power) that it cannot take writes");
  }

  /**
   * Makes the primary refuse writes and returns the WAL position after which nothing was committed.
   */
  FenceResult fence(String site, Database database);

  /**
   * Lets a fenced primary accept writes again; does nothing on an unfenced or unreachable database.
   */
  void unfence(String site, Database database);

  /**
   * Waits, heartbeating, until the replica has replayed {@code lsn}; gives up after {@code
   * maxWait}.
   */
  ReplicationStatus awaitReplay(String site, Database database, String lsn, Duration maxWait);

  /**
   * Promotes the replica to primary; on a primary it changes nothing and says so ({@code
   * promoted=false}).
   */
  PromotionResult promote(String site, Database database);

  /**
   * Turns the database into a streaming replica of {@code primary} (rewound, or copied afresh) and
   * waits until it has caught up, giving up after {@code maxWait}. On a replica already streaming
   * from it, only waits.
   */
  ResyncResult resyncAsReplica(
      String site, Database database, String primarySite, Database primary, Duration maxWait);

  /**
   * Makes a replica of the old primary stream from {@code primary}, promoted at {@code forkLsn},
   * and waits until it has caught up (see {@code DatabaseActivities.repoint}).
   */
  default ResyncResult repoint(
      String site,
      Database database,
      String primarySite,
      Database primary,
      String forkLsn,
      Duration maxWait) {
    throw Failures.nonRetryable(
        FailureType.UNSUPPORTED_PROVIDER,
        "the "
            + database.provider()
            + " adapter cannot re-point "
            + site
            + "'s replica to a new primary; re-create it from "
            + primarySite
            + " with the provider's own tools");
  }

  /**
   * The primary's own view of its replicas' lag (PostgreSQL: the largest {@code replay_lag} in
   * {@code pg_stat_replication}); null when the provider has none or the primary does not answer.
   */
  default Long standbysLagMillis(String site, Database primary) {
    return null;
  }

  /** How {@link #status} measures a replica's lag, for the record of each measurement. */
  default String lagSource() {
    return "pg_last_xact_replay_timestamp";
  }

  /** Row count and checksum per table up to a key (see {@code DatabaseActivities.checksums}). */
  default List<TableChecksum> checksums(
      String site, Database database, List<String> tables, Map<String, Long> upToKey) {
    throw Failures.nonRetryable(
        FailureType.UNSUPPORTED_PROVIDER,
        "the " + database.provider() + " adapter cannot checksum tables");
  }

  /** Which of {@code keys} the table does not have. */
  default List<Long> missingKeys(
      String site, Database database, String table, String column, List<Long> keys) {
    throw Failures.nonRetryable(
        FailureType.UNSUPPORTED_PROVIDER,
        "the " + database.provider() + " adapter cannot look up rows");
  }
}
