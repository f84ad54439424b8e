package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.monitor.MonitorRequest;
import dev.standby.model.monitor.MonitorResult;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.monitor.HealthMonitorWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The health monitor notices the primary database is gone and fails over by itself. */
// A whole drive of the lab (failovers, drills, restarts): minutes, not the unit tests' default 120
// s.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class UnplannedFailoverIT {
  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withWorker("unplanned-failover");

  @Test
  void killingThePrimaryDatabaseFailsOverToBAndTheEvidenceAccountsForEveryLostOrder()
      throws Exception {
    HealthMonitorWorkflow monitor =
        world
            .get()
            .client
            .newWorkflowStub(
                HealthMonitorWorkflow.class, world.get().options(WorkflowIds.monitor("payments")));
    WorkflowClient.start(monitor::monitor, MonitorRequest.of("payments"));

    OrderLoad load = OrderLoad.start(world.get().lab.frontDoorUrl(), 4);
    MonitorResult detection;
    FailoverResult result;
    long killedAt;
    try {
      load.awaitAcks("before the kill", a -> true, 20);
      killedAt = System.currentTimeMillis();
      world.get().lab.killDatabase("site-a");
      detection =
          WorkflowStub.fromTyped(monitor).getResult(60, TimeUnit.SECONDS, MonitorResult.class);
      result =
          world
              .get()
              .client
              .newUntypedWorkflowStub(detection.failoverWorkflowId())
              .getResult(60, TimeUnit.SECONDS, FailoverResult.class);
      long killed = killedAt;
      load.awaitAcks(
          "by site-b after the kill",
          a -> a.site().equals("site-b") && a.ackedAtMillis() >= killed,
          5);
    } finally {
      load.stop();
    }

    // The figure the practice failover's would-be RTO is set against in the README.
    System.out.printf(
        "unplanned failover: RTO %d ms from the kill to the first order site-b served; the"
            + " workflow's own RTO %d ms; the failover ran %d ms%n",
        load.firstAckBy("site-b", killedAt).orElseThrow().ackedAtMillis() - killedAt,
        result.rtoMillis(),
        result.completedAtMillis() - result.startedAtMillis());
    world.get().saveHistory(WorkflowIds.monitor("payments"), "monitor-detects-and-starts-failover");
    world.get().saveHistory(detection.failoverWorkflowId(), "failover-unplanned");
    assertThat(detection.failoverStarted()).isTrue();
    assertThat(detection.firstFailureAtMillis()).isGreaterThanOrEqualTo(killedAt - 50);
    assertThat(result.mode()).isEqualTo(FailoverMode.UNPLANNED);
    assertThat(result.targetSite()).isEqualTo("site-b");
    assertThat(result.incidentStartedAtMillis()).isEqualTo(detection.firstFailureAtMillis());
    assertThat(result.verification().allServedByExpected()).isTrue();
    assertThat(load.firstAckBy("site-b", killedAt))
        .as("an order served by site-b after the kill")
        .isPresent();
    // The two-site figure ThreeSiteElectionIT's is compared with (same measure, same lab).
    org.slf4j.LoggerFactory.getLogger(UnplannedFailoverIT.class)
        .info(
            "MEASURED two-site RTO {} ms from the kill to the first order served by site-b through"
                + " the front door (workflow's own {} ms)",
            load.firstAckBy("site-b", killedAt).orElseThrow().ackedAtMillis() - killedAt,
            result.rtoMillis());

    try (Connection siteB = world.get().lab.jdbc("site-b")) {
      ResultSet role = siteB.createStatement().executeQuery("SELECT pg_is_in_recovery()");
      role.next();
      assertThat(role.getBoolean(1)).as("site-b still a replica").isFalse();

      // The evidence is the last commit site-b replayed: whatever was acknowledged before it
      // survived,
      // whatever is missing was acknowledged after it. Margins absorb millisecond rounding of the
      // two clocks.
      long lastReplayed = result.dataLoss().lastReplayedCommitMillis();
      List<OrderLoad.Ack> missing = load.missingFrom(siteB);
      assertThat(missing)
          .allSatisfy(a -> assertThat(a.ackedAtMillis()).isGreaterThanOrEqualTo(lastReplayed - 5));
      assertThat(missing).allSatisfy(a -> assertThat(a.site()).isEqualTo("site-a"));
      assertThat(load.acks())
          .filteredOn(a -> a.ackedAtMillis() < lastReplayed - 5)
          .isNotEmpty()
          .noneMatch(missing::contains);
    }
  }
}
