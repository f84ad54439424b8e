package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.lab.ExplicitWriter;
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

  /** A WAL position as a number, to compare. */
  private static long lsn(String text) {
    String[] parts = text.split("/");
    return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
  }

  @Test
  void losesNoAcknowledgedOrderAndEveryRequestAfterTheSwitchIsServedByB() throws Exception {
    FailoverResult result;
    OrderLoad load = OrderLoad.start(world.get().lab.frontDoorUrl(), 4);
    // Beside the app: a client on site-a's database itself that asks for read-write explicitly,
    // which a default-read-only fence would let through.
    ExplicitWriter explicit = new ExplicitWriter(() -> world.get().lab.jdbc("site-a"));
    explicit.start();
    try {
      load.awaitAcks("before the failover", a -> true, 20);
      explicit.awaitAcknowledged(5);
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
      explicit.stop();
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
    String finalLsn = result.dataLoss().sourceFinalLsn();
    assertThat(explicit.acknowledged)
        .as(
            "explicit read-write commits on site-a, all at or before the fence's final LSN %s",
            finalLsn)
        .isNotEmpty()
        .allSatisfy(
            a ->
                assertThat(a.lsnAfterCommit() == null || lsn(a.lsnAfterCommit()) <= lsn(finalLsn))
                    .as("commit of order %d at %s", a.seq(), a.lsnAfterCommit())
                    .isTrue());
    try (Connection siteB = world.get().lab.jdbc("site-b")) {
      var rs =
          siteB
              .createStatement()
              .executeQuery(
                  "SELECT count(*) FROM orders WHERE seq = ANY(ARRAY"
                      + explicit.seqs()
                      + "::bigint[])");
      rs.next();
      assertThat(rs.getLong(1))
          .as("explicit read-write commits on site-a found on site-b")
          .isEqualTo(explicit.seqs().size());
    }
    assertThat(result.verification().allServedByExpected()).isTrue();
    assertThat(result.weights()).containsEntry("site-a", 0).containsEntry("site-b", 100);
  }
}
