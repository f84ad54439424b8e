package dev.standby.adapters.gcp;

import com.google.api.services.sqladmin.SQLAdmin;
import com.google.api.services.sqladmin.model.DatabaseInstance;
import com.google.api.services.sqladmin.model.Operation;
import dev.standby.activities.CurrentActivity;
import dev.standby.adapters.postgres.ManagedDatabaseAdapter;
import dev.standby.adapters.postgres.PostgresDatabaseAdapter;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.topology.ServiceTopology.Database;
import java.io.IOException;
import java.time.Duration;

/**
 * Cloud SQL for PostgreSQL: the role from the instance's type, promotion by {@code
 * instances.promoteReplica} and the returned operation polled until DONE. The lag comes over SQL
 * when the topology gives the replica's url.
 */
public class CloudSqlDatabaseAdapter extends ManagedDatabaseAdapter {
  static final String REPLICA = "READ_REPLICA_INSTANCE";
  private final GcpClients clients;
  private final PostgresDatabaseAdapter sql;
  private final Duration poll;

  public CloudSqlDatabaseAdapter(GcpClients clients, PostgresDatabaseAdapter sql) {
    this(clients, sql, Duration.ofSeconds(2));
  }

  CloudSqlDatabaseAdapter(GcpClients clients, PostgresDatabaseAdapter sql, Duration poll) {
    super(sql);
    this.clients = clients;
    this.sql = sql;
    this.poll = poll;
  }

  @Override
  public ReplicationStatus status(String site, Database database) {
    DatabaseInstance instance;
    try {
      instance = instance(site, database);
    } catch (IOException e) {
      return new ReplicationStatus(
          site,
          DatabaseRole.UNREACHABLE,
          null,
          null,
          null,
          null,
          false,
          GcpFailures.of("Cloud SQL", e).getOriginalMessage());
    }
    if (!"RUNNABLE".equals(instance.getState())) {
      return new ReplicationStatus(
          site,
          DatabaseRole.UNREACHABLE,
          null,
          null,
          null,
          null,
          false,
          "Cloud SQL instance " + database.instance() + " is " + instance.getState());
    }
    boolean replica = REPLICA.equals(instance.getInstanceType());
    Long lag = replica && database.url() != null ? sql.status(site, database).lagMillis() : null;
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
  public PromotionResult promote(String site, Database database) {
    String project = clients.project(site);
    SQLAdmin admin = clients.sqlAdmin(site);
    try {
      if (!REPLICA.equals(instance(site, database).getInstanceType())) {
        return new PromotionResult(site, false, null, null, System.currentTimeMillis(), 0);
      }
      Operation op = admin.instances().promoteReplica(project, database.instance()).execute();
      while (!"DONE".equals(op.getStatus())) {
        CurrentActivity.heartbeat("promoting " + database.instance() + ": " + op.getStatus());
        Thread.sleep(poll.toMillis());
        op = admin.operations().get(project, op.getName()).execute();
      }
      if (op.getError() != null
          && op.getError().getErrors() != null
          && !op.getError().getErrors().isEmpty()) {
        throw Failures.nonRetryable(
            FailureType.TARGET_NOT_REPLICA,
            "Cloud SQL refused to promote "
                + database.instance()
                + ": "
                + op.getError().getErrors().get(0).getMessage());
      }
      return new PromotionResult(site, true, null, null, System.currentTimeMillis(), 0);
    } catch (IOException e) {
      throw GcpFailures.of("promoting Cloud SQL instance " + database.instance(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(
          Failures.TIMED_OUT, "interrupted while promoting " + database.instance(), e);
    }
  }

  private DatabaseInstance instance(String site, Database database) throws IOException {
    return clients
        .sqlAdmin(site)
        .instances()
        .get(clients.project(site), database.instance())
        .execute();
  }
}
