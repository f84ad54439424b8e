package dev.standby.api;

import dev.standby.model.database.DatabaseRole;
import dev.standby.model.service.HistoryEntry;
import dev.standby.model.service.Operation;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.ServiceRunRequest;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import dev.standby.model.service.SiteState;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.service.ServiceWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.List;

/**
 * Starts {@code service/<name>} workflows ({@link SettableService}) with the state a test wants, as
 * the worker starts the real ones for every service of its topology.
 */
public final class TestServices {
  /** When the states these tests set were observed: a fixed instant, so answers are exact. */
  public static final long OBSERVED_AT = 1_700_000_000_000L;

  private final WorkflowClient client;

  TestServices(WorkflowClient client) {
    this.client = client;
  }

  /** A healthy two-site service: site-a primary, site-b a caught-up replica, nothing running. */
  public static ServiceState healthy(String service) {
    return ServiceState.initial(service, "site-a", List.of("site-a", "site-b"))
        .withSite(
            new SiteState(
                "site-a",
                DatabaseRole.PRIMARY,
                SiteCondition.HEALTHY,
                null,
                false,
                null,
                true,
                OBSERVED_AT,
                "primary, takes writes"))
        .withSite(
            new SiteState(
                "site-b",
                DatabaseRole.REPLICA,
                SiteCondition.HEALTHY,
                "site-a",
                true,
                0L,
                false,
                OBSERVED_AT,
                "streams from site-a"))
        .withProtection(true, "site-b streams from site-a, 0 ms behind")
        .updatedAt(OBSERVED_AT);
  }

  /** The same service held by a running operation. */
  public static ServiceState held(
      String service, OperationKind kind, String workflowId, String runId, String by) {
    return healthy(service)
        .withOperation(new Operation(kind, workflowId, runId, true, by, OBSERVED_AT, null));
  }

  /** A history entry as the service records an ended failover. */
  public static HistoryEntry failover(String by, long endedAt, String from, String to, long rto) {
    return new HistoryEntry(
        "failover",
        "PLANNED",
        "failover/x",
        by,
        endedAt - rto,
        endedAt,
        dev.standby.model.service.OperationOutcome.COMPLETED,
        from,
        to,
        rto,
        0L,
        0L,
        null);
  }

  /** {@code service/<name>} of each service with nothing running, replacing any run of it. */
  public void free(String... services) {
    for (String service : services) {
      hold(healthy(service));
    }
  }

  /** {@code service/<name>} answering {@code state} with this state, replacing any run of it. */
  public void hold(ServiceState state) {
    stop(state.service());
    ServiceWorkflow workflow =
        client.newWorkflowStub(
            ServiceWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.service(state.service()))
                .setTaskQueue(InProcessTemporal.TASK_QUEUE)
                .build());
    WorkflowClient.start(
        workflow::run, new ServiceRunRequest(state.service(), null, false, null).carrying(state));
  }

  /** {@code readiness/<name>} answering {@code readiness} with this evaluation. */
  public void evaluated(dev.standby.model.readiness.Readiness readiness) {
    String id = WorkflowIds.readiness(readiness.service());
    try {
      client.newUntypedWorkflowStub(id).terminate("test");
    } catch (WorkflowNotFoundException e) {
      // Nothing was running.
    }
    dev.standby.workflows.readiness.ReadinessWorkflow workflow =
        client.newWorkflowStub(
            dev.standby.workflows.readiness.ReadinessWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(InProcessTemporal.TASK_QUEUE)
                .build());
    WorkflowClient.start(workflow::run, readiness.service(), 1_000L, readiness);
  }

  /** No {@code service/<name>} running, as when the worker is down or never started it. */
  public void stop(String service) {
    try {
      client.newUntypedWorkflowStub(WorkflowIds.service(service)).terminate("test");
    } catch (WorkflowNotFoundException e) {
      // Nothing was running.
    }
  }
}
