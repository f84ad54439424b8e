package dev.standby.adapters.aws;

import dev.standby.activities.CurrentActivity;
import dev.standby.adapters.CloneNames;
import dev.standby.adapters.DatabaseCloner;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.practice.CloneRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * A practice clone on RDS: {@code RestoreDBInstanceToPointInTime} of the standby's instance at its
 * latest restorable time into a new instance, which RDS builds from its own backups and logs (the
 * standby and the primary are not touched), not publicly accessible. Removed with {@code
 * DeleteDBInstance}, no final snapshot: it was scratch.
 */
public final class RdsCloner implements DatabaseCloner {
  private final AwsClients clients;

  public RdsCloner(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public CloneRecord create(CloneRequest r) {
    String source = requireInstance(r);
    String name = CloneNames.of(source, r.key());
    RdsClient rds = clients.rds(r.site());
    long requestedAt = System.currentTimeMillis();
    List<String> created = new ArrayList<>();
    try {
      DBInstance sourceInstance =
          rds.describeDBInstances(q -> q.dbInstanceIdentifier(source)).dbInstances().get(0);
      Long restorable =
          sourceInstance.latestRestorableTime() == null
              ? null
              : sourceInstance.latestRestorableTime().toEpochMilli();
      if (find(rds, name) == null) {
        rds.restoreDBInstanceToPointInTime(
            q ->
                q.sourceDBInstanceIdentifier(source)
                    .targetDBInstanceIdentifier(name)
                    .useLatestRestorableTime(true)
                    .publiclyAccessible(false)
                    .deletionProtection(false)
                    .tags(
                        t -> t.key("standby:practice").value(r.key()),
                        t -> t.key("standby:service").value(r.service())));
      }
      CurrentActivity.heartbeat("restoring " + name);
      Duration left = CurrentActivity.timeLeft(Duration.ofHours(2));
      rds.waiter()
          .waitUntilDBInstanceAvailable(
              q -> q.dbInstanceIdentifier(name),
              w -> w.waitTimeout(left.isZero() ? Duration.ofSeconds(1) : left));
      DBInstance clone = find(rds, name);
      created.add("RDS instance " + name + " restored from " + source + " (point in time)");
      return new CloneRecord(
          r.key(),
          "rds",
          r.site(),
          name,
          clone.endpoint() == null ? null : clone.endpoint().address(),
          clone.endpoint() == null || clone.endpoint().port() == null
              ? 5432
              : clone.endpoint().port(),
          restorable,
          requestedAt,
          false,
          System.currentTimeMillis(),
          List.copyOf(created));
    } catch (SdkException e) {
      throw AwsFailures.of("restoring a practice clone of RDS instance " + source, e);
    }
  }

  @Override
  public List<String> remove(CloneRequest r) {
    String name = CloneNames.of(requireInstance(r), r.key());
    RdsClient rds = clients.rds(r.site());
    try {
      if (find(rds, name) == null) {
        return List.of();
      }
      rds.deleteDBInstance(
          q -> q.dbInstanceIdentifier(name).skipFinalSnapshot(true).deleteAutomatedBackups(true));
      return List.of("deleted RDS instance " + name + " (no final snapshot)");
    } catch (DbInstanceNotFoundException e) {
      return List.of();
    } catch (SdkException e) {
      throw AwsFailures.of("deleting the practice clone " + name, e);
    }
  }

  private static DBInstance find(RdsClient rds, String name) {
    try {
      return rds.describeDBInstances(q -> q.dbInstanceIdentifier(name)).dbInstances().get(0);
    } catch (DbInstanceNotFoundException e) {
      return null;
    }
  }

  private static String requireInstance(CloneRequest r) {
    if (r.standby().instance() == null) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          r.service() + "/" + r.site() + ": an RDS practice clone needs the database's instance");
    }
    return r.standby().instance();
  }
}
