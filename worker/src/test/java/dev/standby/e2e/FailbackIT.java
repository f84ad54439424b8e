package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.database.ResyncResult;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failback.StepMeasurement;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failback.FailbackWorkflow;
import dev.standby.workflows.failover.FailoverWorkflow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole round trip under continuous orders: a planned failover to site-b, then the failback to
 * site-a in 10/25/50/75/100 steps (3 s bakes in the lab's topology), measured at every step from
 * real orders.
 */
// A whole drive of the lab (failovers, drills, restarts): minutes, not the unit tests' default 120
// s.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FailbackIT {
  private static final Logger log = LoggerFactory.getLogger(FailbackIT.class);

  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withWorker("failback");

  @Test
  void trafficComesHomeStepByStepAsWeightedAndNoAcknowledgedOrderIsLost() throws Exception {
    FailbackResult result;
    OrderLoad load = OrderLoad.start(world.get().lab.frontDoorUrl(), 4);
    try {
      load.awaitAcks("before the failover", a -> true, 20);
      world
          .get()
          .client
          .newWorkflowStub(
              FailoverWorkflow.class, world.get().options(WorkflowIds.failover("payments")))
          .failover(FailoverRequest.planned("payments", "site-b", "before the failback test"));
      load.awaitAcks("by site-b before the failback", a -> a.site().equals("site-b"), 20);
      result =
          world
              .get()
              .client
              .newWorkflowStub(
                  FailbackWorkflow.class, world.get().options(WorkflowIds.failback("payments")))
              .failback(FailbackRequest.of("payments", "failback test"));
      long promoted = LabWorld.stepEnd(result, "promote-site-a");
      load.awaitAcks("sent after site-a's promotion", a -> a.sentAtMillis() > promoted, 20);
    } finally {
      load.stop();
    }

    world.get().saveHistory(WorkflowIds.failback("payments"), "failback-after-planned-failover");
    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.COMPLETED);
    // The planned failover already made site-a a streaming replica of site-b (reprotect-source).
    assertThat(result.resync().method()).isEqualTo(ResyncResult.Method.ALREADY_STREAMING);
    List<StepMeasurement> shift = result.measurements();
    assertThat(shift)
        .extracting(StepMeasurement::targetPercent)
        .containsExactly(10, 25, 50, 75, 100);
    for (StepMeasurement step : shift) {
      MeasuredSplit split = MeasuredSplit.of(step, load.acks());
      log.info("MEASURED {}", split);
      assertThat(step.gate()).isEqualTo("passed");
      assertThat(split.orders()).as("orders during %s", split).isGreaterThan(100);
      assertThat(split.percent("site-a"))
          .as("site-a's share at %d%%: %s", step.targetPercent(), split)
          .isBetween(step.targetPercent() - 5.0, step.targetPercent() + 5.0);
      assertThat(split.percent("site-b"))
          .as("site-b's share at %d%%: %s", step.targetPercent(), split)
          .isBetween(95.0 - step.targetPercent(), 105.0 - step.targetPercent());
    }
    assertThat(result.switchover().zeroLossProven()).isTrue();
    assertThat(result.reseededStandby().site()).isEqualTo("site-b");
    try (Connection siteA = world.get().lab.jdbc("site-a");
        Connection siteB = world.get().lab.jdbc("site-b")) {
      assertThat(load.missingFrom(siteA))
          .as("acknowledged orders missing on site-a, the primary again")
          .isEmpty();
      assertThat(inRecovery(siteA)).as("site-a a replica").isFalse();
      assertThat(inRecovery(siteB)).as("site-b a replica again").isTrue();
    }
    long switched = LabWorld.stepEnd(result, "promote-site-a");
    assertThat(load.acks())
        .filteredOn(a -> a.sentAtMillis() > switched)
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.site()).isEqualTo("site-a"));
    log.info(
        "MEASURED {} orders acknowledged ({} by site-a, {} by site-b), {} refused (never acknowledged, "
            + "during the fences)",
        load.acks().size(),
        load.acksBySite().get("site-a"),
        load.acksBySite().get("site-b"),
        load.refusals().size());
  }

  static boolean inRecovery(Connection c) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT pg_is_in_recovery()")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
