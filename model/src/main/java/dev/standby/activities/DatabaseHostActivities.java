package dev.standby.activities;

import dev.standby.model.database.FenceResult;
import dev.standby.model.database.IsolationResult;
import dev.standby.model.database.ResyncResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Database, the part that needs the database's own host: fencing (with host access it stops the
 * server with pg_ctl), isolating a server believed lost (killing it, leaving a standby.signal) and
 * resyncing an old primary as a replica (pg_rewind or a fresh base backup). Workflows schedule
 * these on the task queue of the site they act on ({@link SiteQueues#of}), which a worker on that
 * host serves; the activity types keep the {@code Database} prefix. Every method is idempotent.
 */
@ActivityInterface(namePrefix = "Database")
public interface DatabaseHostActivities {
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

  /**
   * Turns {@code site}'s database (an old primary, fenced or dead) into a streaming replica of the
   * database at {@code primarySite} and waits until it has caught up. Needs the database's {@code
   * local} block in the topology (non-retryable RESYNC_NOT_CONFIGURED without it); on a replica
   * already streaming it only waits.
   */
  @ActivityMethod
  ResyncResult resyncAsReplica(String service, String site, String primarySite);

  /**
   * Makes sure the database at {@code site}, believed lost, can never again take writes: on its
   * host, kills its server processes (a frozen server included) and leaves a {@code standby.signal}
   * following {@code newPrimarySite}, so a restart brings it back read-only. Idempotent: on a dead
   * or already isolated database it only checks. Needs the database's {@code local} block
   * (non-retryable RESYNC_NOT_CONFIGURED without it).
   */
  @ActivityMethod
  IsolationResult isolate(String service, String site, String newPrimarySite);
}
