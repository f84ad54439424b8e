package dev.standby.activities;

import dev.standby.model.database.FenceResult;
import dev.standby.model.database.IsolationResult;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicaLag;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.database.SiteObservation;
import dev.standby.model.database.TableChecksum;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/** Database: replication state, fencing, catch-up and promotion. Every method is idempotent. */
@ActivityInterface(namePrefix = "Database")
public interface DatabaseActivities {

  /**
   * The database's role and replication position; an unreachable database is a status, not an
   * exception.
   */
  @ActivityMethod
  ReplicationStatus replicationStatus(String service, String site);

  /**
   * Stops the primary from accepting writes (read-only for new transactions, open sessions ended)
   * and returns the WAL position after which nothing was committed. Fencing a fenced primary
   * returns its LSN.
   */
  @ActivityMethod
  FenceResult fence(String service, String site);

  /**
   * Undoes {@link #fence}: the primary accepts writes again. Harmless on an unfenced or unreachable
   * one.
   */
  @ActivityMethod
  void unfence(String service, String site);

  /** Waits, heartbeating, until the replica at {@code site} has replayed {@code lsn}. */
  @ActivityMethod
  ReplicationStatus awaitReplay(String service, String site, String lsn);

  /**
   * Promotes the replica at {@code site}; on a database that is already primary it changes nothing.
   */
  @ActivityMethod
  PromotionResult promote(String service, String site);

  /**
   * Turns {@code site}'s database (an old primary, fenced or dead) into a streaming replica of the
   * database at {@code primarySite} and waits until it has caught up. Needs the database's {@code
   * local} block in the topology (non-retryable RESYNC_NOT_CONFIGURED without it); on a replica
   * already streaming it only waits.
   */
  @ActivityMethod
  ResyncResult resyncAsReplica(String service, String site, String primarySite);

  /**
   * Makes the replica at {@code site}, which followed the old primary, stream from the database at
   * {@code primarySite} (just promoted at {@code forkLsn}) and waits until it has caught up: its
   * primary_conninfo is changed and reloaded, and a paused replay resumed. SQL only, no host
   * access. Non-retryable REPLICA_DIVERGED when it has replayed past {@code forkLsn} or does not
   * follow the new timeline: then it must be rewound ({@link #resyncAsReplica}). On a replica
   * already streaming from it, only waits.
   */
  @ActivityMethod
  ResyncResult repoint(String service, String site, String primarySite, String forkLsn);

  /**
   * Every site's database as it is now (role, positions, fence, whom a replica streams from), read
   * in parallel; an unreachable database is an observation, not an exception. The service reads
   * this on a timer to find a second writable primary and to know whether it is protected.
   */
  @ActivityMethod
  List<SiteObservation> observe(String service);

  /**
   * Makes sure the database at {@code site}, believed lost, can never again take writes: on its
   * host, kills its server processes (a frozen server included) and leaves a {@code standby.signal}
   * following {@code newPrimarySite}, so a restart brings it back read-only. Idempotent: on a dead
   * or already isolated database it only checks. Needs the database's {@code local} block
   * (non-retryable RESYNC_NOT_CONFIGURED without it).
   */
  @ActivityMethod
  IsolationResult isolate(String service, String site, String newPrimarySite);

  /**
   * The lag of every replica of the service (every site whose database answers as a replica, or
   * does not answer), measured now, and exported as the worker's {@code
   * standby_replica_lag_seconds} gauges.
   */
  @ActivityMethod
  List<ReplicaLag> replicaLag(String service);

  /**
   * Row counts and checksums per table (rows in key order, md5), up to {@code upToKey} per table
   * when given, else up to the table's highest key, which the answer records so later checks count
   * the same rows.
   */
  @ActivityMethod
  List<TableChecksum> checksums(
      String service, String site, List<String> tables, Map<String, Long> upToKey);
}
