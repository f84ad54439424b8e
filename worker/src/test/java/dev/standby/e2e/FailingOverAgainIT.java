package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.service.HistoryEntry;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import dev.standby.workflows.monitor.HealthMonitorWorkflow;
import dev.standby.workflows.service.ServiceWorkflow;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The world changes and Standby follows: after a planned failover the service watches the new
 * primary, and when that one dies it fails over again, back to the old primary it re-protected.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FailingOverAgainIT {
  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withWorker("failing-over-again");

  @Test
  void afterAPlannedFailoverTheServiceWatchesTheNewPrimaryAndFailsOverBackByItself()
      throws Exception {
    ServiceWorkflow service =
        world.get().client.newWorkflowStub(ServiceWorkflow.class, WorkflowIds.service("payments"));
    awaitState(service, "protected from the start", ServiceState::protectedNow);
    service.watch(true);
    awaitMonitorOn("site-a");

    OrderLoad load = OrderLoad.start(world.get().lab.frontDoorUrl(), 4);
    FailoverResult second;
    long killedAt;
    try {
      load.awaitAcks("before the planned failover", a -> true, 20);
      FailoverResult planned =
          world
              .get()
              .client
              .newWorkflowStub(
                  FailoverWorkflow.class, world.get().options(WorkflowIds.failover("payments")))
              .failover(FailoverRequest.planned("payments", "site-b", "maintenance of site-a"));
      assertThat(planned.dataLoss().zeroLossProven()).isTrue();
      assertThat(planned.steps())
          .filteredOn(s -> s.name().equals("reprotect-source"))
          .singleElement()
          .satisfies(s -> assertThat(s.detail()).startsWith("site-a streams from site-b"));

      ServiceState moved =
          awaitState(
              service,
              "site-b primary, site-a re-protected",
              s ->
                  "site-b".equals(s.primarySite())
                      && s.protectedNow()
                      && "site-b".equals(s.site("site-a").follows()));
      assertThat(moved.site("site-a").condition()).isEqualTo(SiteCondition.HEALTHY);
      awaitMonitorOn("site-b");

      load.awaitAcks("through site-b", a -> a.site().equals("site-b"), 20);
      killedAt = System.currentTimeMillis();
      world.get().lab.killDatabase("site-b");

      ServiceState back =
          awaitState(
              service,
              "failed over back to site-a by itself",
              s -> "site-a".equals(s.primarySite()) && s.operation() == null);
      HistoryEntry last = back.history().get(back.history().size() - 1);
      assertThat(last.what()).isEqualTo("failover");
      assertThat(last.subtype()).isEqualTo(FailoverMode.UNPLANNED.name());
      assertThat(last.outcome()).isEqualTo(OperationOutcome.COMPLETED);
      assertThat(last.requestedBy()).isEqualTo("health-monitor");
      assertThat(back.site("site-b").condition())
          .isIn(SiteCondition.FAILED_OVER, SiteCondition.NEEDS_RESYNC);
      second =
          world
              .get()
              .client
              .newUntypedWorkflowStub(WorkflowIds.failover("payments"))
              .getResult(60, TimeUnit.SECONDS, FailoverResult.class);
      long killed = killedAt;
      load.awaitAcks(
          "by site-a after the kill",
          a -> a.site().equals("site-a") && a.ackedAtMillis() >= killed,
          5);
    } finally {
      load.stop();
    }

    assertThat(second.sourceSite()).isEqualTo("site-b");
    assertThat(second.targetSite()).isEqualTo("site-a");
    assertThat(second.verification().allServedByExpected()).isTrue();
    try (Connection siteA = world.get().lab.jdbc("site-a")) {
      // What site-a lacks was acknowledged by site-b's database after the last commit site-a
      // replayed: the evidence the unplanned failover recorded, counted by sequence number.
      long lastReplayed = second.dataLoss().lastReplayedCommitMillis();
      List<OrderLoad.Ack> missing = load.missingFrom(siteA);
      assertThat(missing)
          .allSatisfy(a -> assertThat(a.ackedAtMillis()).isGreaterThanOrEqualTo(lastReplayed - 5));
      assertThat(load.acks())
          .filteredOn(a -> a.ackedAtMillis() < lastReplayed - 5)
          .isNotEmpty()
          .noneMatch(missing::contains);
      System.out.printf(
          "failing over again: %d acknowledged orders, %d missing on site-a (all after its last"
              + " replayed commit); RTO %d ms%n",
          load.acks().size(), missing.size(), second.rtoMillis());
    }
    // Still open: a long-running workflow's history replays as far as it got. This one holds two
    // admissions, their finishes, reconcile timers and the monitor child moved between sites.
    world
        .get()
        .saveHistory(
            WorkflowIds.service("payments"), "service-admits-failovers-and-moves-its-monitor");
  }

  private static void awaitMonitorOn(String site) {
    HealthMonitorWorkflow monitor =
        world
            .get()
            .client
            .newWorkflowStub(HealthMonitorWorkflow.class, WorkflowIds.monitor("payments"));
    await("the service's monitor watches " + site)
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> monitor.state() != null && site.equals(monitor.state().site()));
  }

  static ServiceState awaitState(
      ServiceWorkflow service, String what, java.util.function.Predicate<ServiceState> condition) {
    java.util.concurrent.atomic.AtomicReference<ServiceState> seen =
        new java.util.concurrent.atomic.AtomicReference<>();
    await(what)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              ServiceState s = service.state();
              seen.set(s);
              return s != null && condition.test(s);
            });
    return seen.get();
  }
}
