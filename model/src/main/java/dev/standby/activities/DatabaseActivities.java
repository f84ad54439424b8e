package dev.standby.activities;

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

/**
 * Database: replication state, catch-up, promotion and checksums, over the network from the central
 * worker. What needs the database's own host (fencing by stopping it, isolating, resyncing) is
 * {@link DatabaseHostActivities}, on the site's queue. Every method is idempotent.
 */
@ActivityInterface(namePrefix = "Database")
public interface DatabaseActivities {

  /**
   * The database's role and replication position; an unreachable database is a status, not an
   * exception.
   */
  @ActivityMethod
  ReplicationStatus replicationStatus(String service, String site);

  /** Waits, heartbeating, until the replica at {@code site} has replayed {@code lsn}. */
  @ActivityMethod
  ReplicationStatus awaitReplay(String service, String site, String lsn);

  /**
   * Promotes the replica at {@code site}; on a database that is already primary it changes nothing.
   */
  @ActivityMethod
  PromotionResult promote(String service, String site);

  /**
   * Makes the replica at {@code site}, which followed the old primary, stream from the database at
   * {@code primarySite} (just promoted at {@code forkLsn}) and waits until it has caught up: its
   * primary_conninfo is changed and reloaded, and a paused replay resumed. SQL only, no host
   * access. Non-retryable REPLICA_DIVERGED when it has replayed past {@code forkLsn} or does not
   * follow the new timeline: then it must be rewound ({@link
   * DatabaseHostActivities#resyncAsReplica}, on the site's own queue). On a replica already
   * streaming from it, only waits.
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
