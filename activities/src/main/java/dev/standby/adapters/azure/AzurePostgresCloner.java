package dev.standby.adapters.azure;

import com.azure.core.exception.AzureException;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.postgresqlflexibleserver.PostgreSqlManager;
import com.azure.resourcemanager.postgresqlflexibleserver.models.CreateMode;
import com.azure.resourcemanager.postgresqlflexibleserver.models.Server;
import dev.standby.activities.CurrentActivity;
import dev.standby.adapters.CloneNames;
import dev.standby.adapters.DatabaseCloner;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.practice.CloneRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A practice clone on Azure Database for PostgreSQL flexible server: a point-in-time restore
 * ({@code createMode: PointInTimeRestore}) of the standby's server into a new server in the same
 * resource group and region, which Azure builds from its own backups (the standby and the primary
 * are not touched). Removed by deleting that server.
 */
public final class AzurePostgresCloner implements DatabaseCloner {
  /** Restore to a moment this far back: Azure refuses a point in time that is not yet backed up. */
  static final long RESTORE_LAG_MILLIS = 5 * 60_000;

  private final AzureClients clients;

  public AzurePostgresCloner(AzureClients clients) {
    this.clients = clients;
  }

  @Override
  public CloneRecord create(CloneRequest r) {
    String source = requireInstance(r);
    String name = CloneNames.of(source, r.key());
    String group = r.standby().resourceGroup();
    PostgreSqlManager manager = clients.postgres(r.site());
    long requestedAt = System.currentTimeMillis();
    long pointInTime = requestedAt - RESTORE_LAG_MILLIS;
    try {
      Server clone = find(manager, group, name);
      if (clone == null) {
        Server from = manager.servers().getByResourceGroup(group, source);
        CurrentActivity.heartbeat("restoring " + source + " into " + name);
        // create() waits for Resource Manager's long-running operation to finish.
        clone =
            manager
                .servers()
                .define(name)
                .withRegion(from.regionName())
                .withExistingResourceGroup(group)
                .withCreateMode(CreateMode.POINT_IN_TIME_RESTORE)
                .withSourceServerResourceId(from.id())
                .withPointInTimeUtc(
                    OffsetDateTime.ofInstant(
                        java.time.Instant.ofEpochMilli(pointInTime), ZoneOffset.UTC))
                .create();
      }
      return new CloneRecord(
          r.key(),
          "azure-postgresql",
          r.site(),
          name,
          clone.fullyQualifiedDomainName(),
          5432,
          pointInTime,
          requestedAt,
          false,
          System.currentTimeMillis(),
          List.of(
              "Azure flexible server "
                  + name
                  + " restored from "
                  + source
                  + " (point in time, resource group "
                  + group
                  + ")"));
    } catch (ManagementException e) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR,
          "restoring a practice clone of "
              + source
              + ": "
              + e.getValue().getCode()
              + " "
              + e.getValue().getMessage(),
          e);
    } catch (AzureException e) {
      throw Failures.retryable(
          Failures.UNREACHABLE,
          "restoring a practice clone of " + source + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public List<String> remove(CloneRequest r) {
    String name = CloneNames.of(requireInstance(r), r.key());
    String group = r.standby().resourceGroup();
    PostgreSqlManager manager = clients.postgres(r.site());
    try {
      if (find(manager, group, name) == null) {
        return List.of();
      }
      manager.servers().deleteByResourceGroup(group, name);
      return List.of("deleted Azure flexible server " + name);
    } catch (ManagementException e) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR,
          "deleting the practice clone " + name + ": " + e.getValue().getCode(),
          e);
    } catch (AzureException e) {
      throw Failures.retryable(
          Failures.UNREACHABLE, "deleting the practice clone " + name + ": " + e.getMessage(), e);
    }
  }

  private static Server find(PostgreSqlManager manager, String group, String name) {
    try {
      return manager.servers().getByResourceGroup(group, name);
    } catch (ManagementException e) {
      if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  private static String requireInstance(CloneRequest r) {
    if (r.standby().instance() == null || r.standby().resourceGroup() == null) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          r.service()
              + "/"
              + r.site()
              + ": an Azure practice clone needs the database's instance and resourceGroup");
    }
    return r.standby().instance();
  }
}
