package dev.standby.workflows.registry;

import dev.standby.workflows.backup.BackupWorkflowImpl;
import dev.standby.workflows.backup.RestoreVerifyWorkflowImpl;
import dev.standby.workflows.drill.DrillWorkflowImpl;
import dev.standby.workflows.failback.FailbackWorkflowImpl;
import dev.standby.workflows.failover.FailoverWorkflowImpl;
import dev.standby.workflows.monitor.HealthMonitorWorkflowImpl;
import dev.standby.workflows.objectsync.ObjectSyncWorkflowImpl;
import dev.standby.workflows.readiness.ReadinessWorkflowImpl;
import dev.standby.workflows.region.RegionFailoverWorkflowImpl;
import dev.standby.workflows.region.RegionTriggerWorkflowImpl;
import dev.standby.workflows.replication.ReplicationMonitorWorkflowImpl;
import dev.standby.workflows.runbook.RunbookWorkflowImpl;
import dev.standby.workflows.service.ServiceWorkflowImpl;
import java.util.List;

/**
 * Every workflow implementation the worker registers, in one list: the worker and the history
 * replay test both read it, so a workflow cannot run in production without its recorded histories
 * being replayed against it.
 */
public final class StandbyWorkflows {
  public static final List<Class<?>> IMPLEMENTATIONS =
      List.of(
          FailoverWorkflowImpl.class,
          FailbackWorkflowImpl.class,
          HealthMonitorWorkflowImpl.class,
          ObjectSyncWorkflowImpl.class,
          RunbookWorkflowImpl.class,
          BackupWorkflowImpl.class,
          RestoreVerifyWorkflowImpl.class,
          ReplicationMonitorWorkflowImpl.class,
          DrillWorkflowImpl.class,
          ServiceWorkflowImpl.class,
          RegionFailoverWorkflowImpl.class,
          RegionTriggerWorkflowImpl.class,
          ReadinessWorkflowImpl.class);

  private StandbyWorkflows() {}

  public static Class<?>[] implementations() {
    return IMPLEMENTATIONS.toArray(Class<?>[]::new);
  }
}
