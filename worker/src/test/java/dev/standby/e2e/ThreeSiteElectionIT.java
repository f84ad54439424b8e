package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.failover.CandidateReport;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.monitor.MonitorRequest;
import dev.standby.model.monitor.MonitorResult;
import dev.standby.model.service.ServiceState;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.monitor.HealthMonitorWorkflow;
import dev.standby.workflows.service.ServiceWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three-site lab (site-a primary; site-b, and site-c with the higher priority, its replicas):
 * site-c's replay is paused, so it lags; site-a's database is killed. The monitor's failover elects
 * the most advanced standby (site-b, whatever the priorities), re-points site-c to it, and the
 * service is protected again once site-c streams from site-b.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ThreeSiteElectionIT {
  private static final Logger log = LoggerFactory.getLogger(ThreeSiteElectionIT.class);

  @RegisterExtension
  static final LabWorldExtension world =
      LabWorldExtension.withWorkerOnThreeSites("three-site-election");

  @Test
  void theMostAdvancedStandbyIsElectedTheOtherRepointedAndNoAcknowledgedOrderIsLostUnaccounted()
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
      load.awaitAcks("before site-c's replay is paused", a -> true, 20);
      try (Connection c = world.get().lab.jdbc("site-c");
          Statement s = c.createStatement()) {
        s.execute("SELECT pg_wal_replay_pause()");
      }
      long pausedAt = System.currentTimeMillis();
      load.awaitAcks("while site-c lags", a -> a.ackedAtMillis() > pausedAt, 40);
      killedAt = System.currentTimeMillis();
      world.get().lab.killDatabase("site-a");
      detection =
          WorkflowStub.fromTyped(monitor).getResult(60, TimeUnit.SECONDS, MonitorResult.class);
      result =
          world
              .get()
              .client
              .newUntypedWorkflowStub(detection.failoverWorkflowId())
              .getResult(120, TimeUnit.SECONDS, FailoverResult.class);
      long killed = killedAt;
      load.awaitAcks(
          "by site-b after the kill",
          a -> a.site().equals("site-b") && a.ackedAtMillis() >= killed,
          20);
    } finally {
      load.stop();
    }
    world.get().saveHistory(detection.failoverWorkflowId(), "failover-three-sites-elected");

    assertThat(result.mode()).isEqualTo(FailoverMode.UNPLANNED);
    assertThat(result.targetSite()).as(result.targetChoice().describe()).isEqualTo("site-b");
    assertThat(result.targetChoice().elected()).isTrue();
    assertThat(result.targetChoice().why()).startsWith("more advanced").contains("site-c");
    assertThat(result.targetChoice().candidates())
        .extracting(CandidateReport::site, CandidateReport::priority, CandidateReport::rank)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("site-b", 50, 1),
            org.assertj.core.groups.Tuple.tuple("site-c", 80, 2));
    assertThat(result.steps())
        .filteredOn(s -> s.name().equals("elect-target"))
        .singleElement()
        .satisfies(s -> assertThat(s.detail()).contains("site-b elected").contains("site-c #2"));
    assertThat(result.repointed())
        .singleElement()
        .asString()
        .startsWith("site-c streams from site-b");
    assertThat(result.verification().allServedByExpected()).isTrue();

    try (Connection siteB = world.get().lab.jdbc("site-b");
        Connection siteC = world.get().lab.jdbc("site-c")) {
      assertThat(FailbackIT.inRecovery(siteB)).as("site-b promoted").isFalse();
      assertThat(FailbackIT.inRecovery(siteC)).as("site-c still a replica").isTrue();
      try (ResultSet rs =
          siteC
              .createStatement()
              .executeQuery("SELECT status, sender_port FROM pg_stat_wal_receiver")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("streaming");
        assertThat(rs.getInt(2))
            .as("site-c streams from site-b")
            .isEqualTo(world.get().lab.pgPort("site-b"));
      }
      // Every order site-b acknowledged is on site-c too: it follows the new primary, caught up.
      List<OrderLoad.Ack> onB =
          load.acks().stream().filter(a -> a.site().equals("site-b")).toList();
      assertThat(onB).isNotEmpty();
      awaitOnReplica(load, siteC, onB);

      // The evidence names the loss: whatever site-b lacks was acknowledged after its last
      // replayed commit, by site-a.
      long lastReplayed = result.dataLoss().lastReplayedCommitMillis();
      List<OrderLoad.Ack> missing = load.missingFrom(siteB);
      assertThat(missing)
          .allSatisfy(a -> assertThat(a.ackedAtMillis()).isGreaterThanOrEqualTo(lastReplayed - 5));
      assertThat(missing).allSatisfy(a -> assertThat(a.site()).isEqualTo("site-a"));
      log.info(
          "MEASURED three-site election: {} of {} orders acknowledged by site-a missing on site-b",
          missing.size(),
          load.acks().stream().filter(a -> a.site().equals("site-a")).count());
    }

    ServiceState state = awaitProtected();
    assertThat(state.primarySite()).isEqualTo("site-b");
    assertThat(state.site("site-c").follows()).isEqualTo("site-b");

    long promoted = LabWorld.stepEnd(result, "promote-target");
    long repointed = LabWorld.stepEnd(result, "repoint-site-c");
    long firstByB = load.firstAckBy("site-b", killedAt).orElseThrow().ackedAtMillis();
    log.info(
        "MEASURED three-site RTO {} ms from the kill to the first order served by site-b through the"
            + " front door (workflow's own {} ms); promotion to site-c streaming from site-b and"
            + " caught up: {} ms; {}",
        firstByB - killedAt,
        result.rtoMillis(),
        repointed - promoted,
        result.targetChoice().describe());
  }

  private static void awaitOnReplica(OrderLoad load, Connection replica, List<OrderLoad.Ack> acks)
      throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    List<OrderLoad.Ack> missing = load.missingFrom(replica);
    while (missing.stream().anyMatch(acks::contains) && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      missing = load.missingFrom(replica);
    }
    assertThat(missing)
        .as("orders site-b acknowledged, missing on site-c")
        .noneMatch(acks::contains);
  }

  private static ServiceState awaitProtected() throws InterruptedException {
    ServiceWorkflow service =
        world.get().client.newWorkflowStub(ServiceWorkflow.class, WorkflowIds.service("payments"));
    long deadline = System.currentTimeMillis() + 60_000;
    ServiceState state = service.state();
    while (!(state.protectedNow() && "site-b".equals(state.primarySite()))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(250);
      state = service.state();
    }
    assertThat(state.protectedNow()).as("protected: %s", state.protection()).isTrue();
    assertThat(state.protection()).isEqualTo("site-c streams from site-b");
    return state;
  }
}
