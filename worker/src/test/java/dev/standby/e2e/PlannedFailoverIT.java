package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A planned failover of the lab's payments service while orders are written through the front door.
 */
// A whole drive of the lab (failovers, drills, restarts): minutes, not the unit tests' default 120
// s.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PlannedFailoverIT {
  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withWorker("planned-failover");

  @Test
  void losesNoAcknowledgedOrderAndEveryRequestAfterTheSwitchIsServedByB() throws Exception {
    FailoverResult result;
    OrderLoad load = OrderLoad.start(world.get().lab.frontDoorUrl(), 4);
    try {
      load.awaitAcks("before the failover", a -> true, 20);
      FailoverWorkflow failover =
          world
              .get()
              .client
              .newWorkflowStub(
                  FailoverWorkflow.class, world.get().options(WorkflowIds.failover("payments")));
      result =
          failover.failover(FailoverRequest.planned("payments", "site-b", "planned failover test"));
      long moved = LabWorld.stepEnd(result, "move-traffic");
      load.awaitAcks("sent after the switch", a -> a.sentAtMillis() > moved, 20);
    } finally {
      load.stop();
    }

    world.get().saveHistory(WorkflowIds.failover("payments"), "failover-planned");
    long switched = LabWorld.stepEnd(result, "move-traffic");
    assertThat(load.acksBySite())
        .as("orders acknowledged by each site")
        .containsKeys("site-a", "site-b");
    try (Connection siteB = world.get().lab.jdbc("site-b")) {
      assertThat(load.missingFrom(siteB)).as("acknowledged orders missing on site-b").isEmpty();
    }
    assertThat(load.acks())
        .filteredOn(a -> a.sentAtMillis() > switched)
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.site()).isEqualTo("site-b"));
    assertThat(load.refusals())
        .as("requests sent after the switch that were not acknowledged")
        .filteredOn(r -> r.sentAtMillis() > switched)
        .isEmpty();
    assertThat(result.dataLoss().zeroLossProven()).isTrue();
    assertThat(result.verification().allServedByExpected()).isTrue();
    assertThat(result.weights()).containsEntry("site-a", 0).containsEntry("site-b", 100);
  }
}
