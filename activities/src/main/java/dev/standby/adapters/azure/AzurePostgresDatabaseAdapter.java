package dev.standby.adapters.azure;

import com.azure.core.exception.AzureException;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.postgresqlflexibleserver.models.ReplicationRole;
import com.azure.resourcemanager.postgresqlflexibleserver.models.Server;
import com.azure.resourcemanager.postgresqlflexibleserver.models.ServerState;
import dev.standby.activities.CurrentActivity;
import dev.standby.adapters.postgres.ManagedDatabaseAdapter;
import dev.standby.adapters.postgres.PostgresDatabaseAdapter;
import dev.standby.model.Failures;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.topology.ServiceTopology.Database;

/**
 * Azure Database for PostgreSQL flexible server: the role from {@code replicationRole}; promotion
 * stops replication by setting it to {@code None} (the server becomes a read-write standalone
 * server), a long-running PATCH the SDK polls to the end. The lag comes over SQL when the topology
 * gives the replica's url.
 */
public class AzurePostgresDatabaseAdapter extends ManagedDatabaseAdapter {
  private final AzureClients clients;
  private final PostgresDatabaseAdapter sql;

  public AzurePostgresDatabaseAdapter(AzureClients clients, PostgresDatabaseAdapter sql) {
    super(sql);
    this.clients = clients;
    this.sql = sql;
  }

  @Override
  public ReplicationStatus status(String site, Database database) {
    Server server;
    try {
      server = server(site, database);
    } catch (AzureException e) {
      return new ReplicationStatus(
          site,
          DatabaseRole.UNREACHABLE,
          null,
          null,
          null,
          null,
          false,
          "Azure flexible server " + database.instance() + ": " + e.getMessage());
    }
    if (!ServerState.READY.equals(server.state())) {
      return new ReplicationStatus(
          site,
          DatabaseRole.UNREACHABLE,
          null,
          null,
          null,
          null,
          false,
          "Azure flexible server " + database.instance() + " is " + server.state());
    }
    boolean replica = isReplica(server);
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
    try {
      Server server = server(site, database);
      if (!isReplica(server)) {
        return new PromotionResult(site, false, null, null, System.currentTimeMillis(), 0);
      }
      CurrentActivity.heartbeat("promoting " + database.instance());
      server.update().withReplicationRole(ReplicationRole.NONE).apply();
      return new PromotionResult(site, true, null, null, System.currentTimeMillis(), 0);
    } catch (ManagementException e) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR,
          "promoting Azure flexible server "
              + database.instance()
              + ": "
              + e.getValue().getCode()
              + " "
              + e.getValue().getMessage(),
          e);
    } catch (AzureException e) {
      throw Failures.retryable(
          Failures.UNREACHABLE,
          "promoting Azure flexible server " + database.instance() + ": " + e.getMessage(),
          e);
    }
  }

  private Server server(String site, Database database) {
    return clients
        .postgres(site)
        .servers()
        .getByResourceGroup(database.resourceGroup(), database.instance());
  }

  private static boolean isReplica(Server server) {
    return ReplicationRole.ASYNC_REPLICA.equals(server.replicationRole())
        || ReplicationRole.GEO_ASYNC_REPLICA.equals(server.replicationRole());
  }
}
