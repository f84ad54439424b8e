package dev.standby.adapters.aws;

import dev.standby.activities.CurrentActivity;
import dev.standby.adapters.postgres.ManagedDatabaseAdapter;
import dev.standby.adapters.postgres.PostgresDatabaseAdapter;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.topology.ServiceTopology.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * RDS for PostgreSQL: the role from DescribeDBInstances (a read replica names its source), the lag
 * from CloudWatch's {@code ReplicaLag}, promotion by PromoteReadReplica and the SDK's {@code
 * DBInstanceAvailable} waiter.
 */
public class RdsDatabaseAdapter extends ManagedDatabaseAdapter {
  /**
   * CloudWatch publishes ReplicaLag every minute; a datum older than this says nothing about now.
   */
  static final Duration LAG_WINDOW = Duration.ofMinutes(5);

  private final AwsClients clients;
  private final Supplier<Instant> clock;

  public RdsDatabaseAdapter(AwsClients clients, PostgresDatabaseAdapter sql) {
    this(clients, sql, Instant::now);
  }

  RdsDatabaseAdapter(AwsClients clients, PostgresDatabaseAdapter sql, Supplier<Instant> clock) {
    super(sql);
    this.clients = clients;
    this.clock = clock;
  }

  @Override
  public ReplicationStatus status(String site, Database database) {
    DBInstance instance;
    try {
      instance = describe(site, database);
    } catch (DbInstanceNotFoundException e) {
      return unreachable(site, "RDS instance " + database.instance() + " not found");
    } catch (SdkException e) {
      return unreachable(site, "RDS: " + e.getMessage());
    }
    if (!"available".equals(instance.dbInstanceStatus())
        && !"modifying".equals(instance.dbInstanceStatus())
        && !"backing-up".equals(instance.dbInstanceStatus())) {
      return unreachable(
          site, "RDS instance " + database.instance() + " is " + instance.dbInstanceStatus());
    }
    boolean replica = instance.readReplicaSourceDBInstanceIdentifier() != null;
    Long lag = replica ? replicaLagMillis(site, database) : null;
    return new ReplicationStatus(
        site,
        replica ? DatabaseRole.REPLICA : DatabaseRole.PRIMARY,
        null,
        null,
        null,
        lag,
        false,
        null);
  }

  @Override
  public String lagSource() {
    return "cloudwatch:ReplicaLag";
  }

  /**
   * The newest {@code ReplicaLag} datum of the last five minutes, in milliseconds; null when there
   * is none.
   */
  public Long replicaLagMillis(String site, Database database) {
    Instant now = clock.get();
    try {
      return clients
          .cloudWatch(site)
          .getMetricStatistics(
              r ->
                  r.namespace("AWS/RDS")
                      .metricName("ReplicaLag")
                      .dimensions(d -> d.name("DBInstanceIdentifier").value(database.instance()))
                      .startTime(now.minus(LAG_WINDOW))
                      .endTime(now.plusSeconds(60))
                      .period(60)
                      .statistics(Statistic.MAXIMUM))
          .datapoints()
          .stream()
          .max(Comparator.comparing(Datapoint::timestamp))
          .map(d -> Math.round(d.maximum() * 1000))
          .orElse(null);
    } catch (SdkException e) {
      throw AwsFailures.of("CloudWatch ReplicaLag of " + database.instance(), e);
    }
  }

  @Override
  public PromotionResult promote(String site, Database database) {
    RdsClient rds = clients.rds(site);
    try {
      DBInstance before = describe(site, database);
      if (before.readReplicaSourceDBInstanceIdentifier() == null) {
        return new PromotionResult(site, false, null, null, System.currentTimeMillis(), 0);
      }
      Long lag = replicaLagMillis(site, database);
      CurrentActivity.heartbeat("promoting " + database.instance());
      rds.promoteReadReplica(r -> r.dbInstanceIdentifier(database.instance()));
      // The waiter polls DescribeDBInstances until the promoted instance is available again (reboot
      // included).
      Duration left = CurrentActivity.timeLeft(Duration.ofMinutes(30));
      rds.waiter()
          .waitUntilDBInstanceAvailable(
              r -> r.dbInstanceIdentifier(database.instance()),
              w -> w.waitTimeout(left.isZero() ? Duration.ofSeconds(1) : left));
      long now = System.currentTimeMillis();
      return new PromotionResult(site, true, null, lag == null ? null : now - lag, now, 0);
    } catch (DbInstanceNotFoundException e) {
      throw Failures.nonRetryable(
          FailureType.TARGET_NOT_REPLICA,
          "RDS instance " + database.instance() + " at " + site + " does not exist");
    } catch (SdkException e) {
      throw AwsFailures.of("promoting RDS instance " + database.instance(), e);
    }
  }

  private DBInstance describe(String site, Database database) {
    return clients
        .rds(site)
        .describeDBInstances(r -> r.dbInstanceIdentifier(database.instance()))
        .dbInstances()
        .get(0);
  }

  private static ReplicationStatus unreachable(String site, String error) {
    return new ReplicationStatus(
        site, DatabaseRole.UNREACHABLE, null, null, null, null, false, error);
  }
}
