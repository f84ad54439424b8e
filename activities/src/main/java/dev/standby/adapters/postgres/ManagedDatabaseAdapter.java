package dev.standby.adapters.postgres;

import dev.standby.adapters.DatabaseAdapter;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.ResyncResult;
import dev.standby.topology.ServiceTopology.Database;
import java.time.Duration;

/**
 * A managed PostgreSQL (RDS, Cloud SQL, Azure flexible server): the provider's API tells the role
 * and promotes. Fencing and waiting for a LSN are SQL, so they go over JDBC when the topology gives
 * the database's {@code url}; without one, a planned switchover is refused with the reason (an
 * unplanned failover needs neither). Re-seeding an old primary as a replica is the provider's job
 * (a new read replica), not Standby's.
 */
public abstract class ManagedDatabaseAdapter implements DatabaseAdapter {
  private final PostgresDatabaseAdapter sql;

  protected ManagedDatabaseAdapter(PostgresDatabaseAdapter sql) {
    this.sql = sql;
  }

  @Override
  public FenceResult fence(String site, Database database) {
    return sqlFor(database, "fence").fence(site, database);
  }

  @Override
  public void unfence(String site, Database database) {
    sqlFor(database, "unfence").unfence(site, database);
  }

  @Override
  public ReplicationStatus awaitReplay(
      String site, Database database, String lsn, Duration maxWait) {
    return sqlFor(database, "wait for replay").awaitReplay(site, database, lsn, maxWait);
  }

  @Override
  public ResyncResult resyncAsReplica(
      String site, Database database, String primarySite, Database primary, Duration maxWait) {
    throw Failures.nonRetryable(
        FailureType.RESYNC_NOT_CONFIGURED,
        database.provider()
            + " database "
            + database.instance()
            + " at "
            + site
            + " cannot be re-seeded by Standby: create a new read replica of "
            + primary.instance()
            + " with the provider, then point the topology at it");
  }

  private PostgresDatabaseAdapter sqlFor(Database database, String what) {
    if (database.url() == null) {
      throw Failures.nonRetryable(
          FailureType.UNSUPPORTED_PROVIDER,
          "cannot "
              + what
              + " "
              + database.provider()
              + " database "
              + database.instance()
              + " without SQL access: give its 'url' (and 'passwordEnv') in the topology");
    }
    return sql;
  }
}
