package dev.standby.workflows;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.standby.activities.ServiceActivities;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.service.Admission;
import dev.standby.model.service.Operation;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import dev.standby.model.service.SiteState;
import java.util.List;
import org.mockito.ArgumentCaptor;

/** Services that have moved, that refuse, and what runs reported to them. */
public final class ServiceFixtures {
  /** The refusal a busy service gives: it names the running operation and its workflow id. */
  public static final String REFUSAL =
      "payments is busy: failover failover/payments requested by alice (unplanned) is running"
          + " (http://localhost:8233/namespaces/default/workflows/failover%2Fpayments)";

  private ServiceFixtures() {}

  /** After a failover: site-b is the primary and site-a streams from it, caught up. */
  public static ServiceState failedOverToSiteB() {
    return TestFixtures.serviceState("site-b")
        .withSite(
            new SiteState(
                "site-a",
                DatabaseRole.REPLICA,
                SiteCondition.HEALTHY,
                "site-b",
                true,
                20L,
                false,
                1,
                "streaming from site-b"))
        .withSite(
            new SiteState(
                "site-b",
                DatabaseRole.PRIMARY,
                SiteCondition.HEALTHY,
                null,
                false,
                null,
                true,
                1,
                "primary"));
  }

  /** A mocked service that admits every run with {@code state}. */
  public static ServiceActivities admitting(ServiceState state) {
    return admitWith(TestFixtures.mockActivity(ServiceActivities.class), state);
  }

  /** From now on {@code service} admits every run with {@code state}. */
  public static ServiceActivities admitWith(ServiceActivities service, ServiceState state) {
    when(service.admit(any())).thenAnswer(i -> Admission.admit(state, null));
    when(service.current(any())).thenReturn(state);
    return service;
  }

  /**
   * From now on {@code service} is busy with a person's unplanned failover: it refuses every run.
   */
  public static ServiceActivities refuseAll(ServiceActivities service) {
    ServiceState state = TestFixtures.serviceState("site-a");
    Operation running =
        new Operation(
            OperationKind.FAILOVER, "failover/" + SERVICE, "run-9", false, "alice", 1L, null);
    when(service.admit(any()))
        .thenAnswer(i -> Admission.refuse(state.withOperation(running), running, REFUSAL));
    when(service.current(any())).thenReturn(state);
    return service;
  }

  /** Every report the runs gave {@code service}. */
  public static List<OperationReport> reports(ServiceActivities service) {
    ArgumentCaptor<OperationReport> reports = ArgumentCaptor.forClass(OperationReport.class);
    verify(service, atLeast(0)).finish(reports.capture());
    return reports.getAllValues();
  }
}
