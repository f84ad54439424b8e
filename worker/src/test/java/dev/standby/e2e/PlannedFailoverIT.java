package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A planned failover of the lab's payments service while orders are written through the front door. */
class PlannedFailoverIT {
  private static LabWorld world;

  @BeforeAll
  static void start() {
    world = LabWorld.start("planned-failover").withWorker();
  }

  @AfterAll
  static void stop() {
    if (world != null) {
      world.close();
    }
  }

  @Test
  void losesNoAcknowledgedOrderAndEveryRequestAfterTheSwitchIsServedByB() throws Exception {
    FailoverResult result;
    OrderLoad load = OrderLoad.start(world.lab.frontDoorUrl(), 4);
    try {
      LabWorld.pause(1_500);
      FailoverWorkflow failover = world.client.newWorkflowStub(FailoverWorkflow.class,
          world.options(WorkflowIds.failover("payments")));
      result = failover.failover(FailoverRequest.planned("payments", "site-b", "planned failover test"));
      LabWorld.pause(1_500);
    } finally {
      load.stop();
    }

    world.saveHistory(WorkflowIds.failover("payments"), "failover-planned");
    long switched = LabWorld.stepEnd(result, "move-traffic");
    assertThat(load.acksBySite()).as("orders acknowledged by each site").containsKeys("site-a", "site-b");
    try (Connection siteB = world.lab.jdbc("site-b")) {
      assertThat(load.missingFrom(siteB)).as("acknowledged orders missing on site-b").isEmpty();
    }
    assertThat(load.acks()).filteredOn(a -> a.sentAtMillis() > switched)
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.site()).isEqualTo("site-b"));
    assertThat(load.refusals()).as("requests sent after the switch that were not acknowledged")
        .filteredOn(r -> r.sentAtMillis() > switched).isEmpty();
    assertThat(result.dataLoss().zeroLossProven()).isTrue();
    assertThat(result.verification().allServedByExpected()).isTrue();
    assertThat(result.weights()).containsEntry("site-a", 0).containsEntry("site-b", 100);
  }
}
