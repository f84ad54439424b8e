package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.standby.model.FailureType;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failback.StepMeasurement;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failback.FailbackWorkflow;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One three-site lab through a sequence, under continuous orders: a named target that is behind
 * (site-c, its replay paused) is refused for an unplanned failover without acceptLoss, then a
 * planned failover catches it up first and loses nothing; the failback ramps traffic home from
 * site-c to site-a with the measured split per step within 5 points; and a planned failover with
 * both standbys caught up follows priority (site-c, 80, over site-b, 50).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeSiteTargetsIT {
  private static final Logger log = LoggerFactory.getLogger(ThreeSiteTargetsIT.class);

  @RegisterExtension
  static final LabWorldExtension world =
      LabWorldExtension.withWorkerOnThreeSites("three-site-targets");

  private static FailoverWorkflow failover() {
    return world
        .get()
        .client
        .newWorkflowStub(
            FailoverWorkflow.class, world.get().options(WorkflowIds.failover("payments")));
  }

  @Test
  @Order(1)
  void anUnplannedFailoverToATargetThatIsBehindIsRefusedWithoutAcceptLossAndChangesNothing()
      throws Exception {
    OrderLoad load = OrderLoad.start(world.get().lab.frontDoorUrl(), 2);
    try {
      load.awaitAcks("before site-c's replay is paused", a -> true, 10);
      pauseReplay("site-c");
      long pausedAt = System.currentTimeMillis();
      load.awaitAcks("while site-c lags", a -> a.ackedAtMillis() > pausedAt, 20);

      assertThatThrownBy(
              () ->
                  failover()
                      .failover(
                          new FailoverRequest(
                              "payments",
                              "site-c",
                              FailoverMode.UNPLANNED,
                              null,
                              "refused: behind",
                              "it",
                              null)))
          .isInstanceOf(WorkflowFailedException.class)
          .rootCause()
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.getType()).isEqualTo(FailureType.TARGET_BEHIND.type());
                assertThat(f.getOriginalMessage())
                    .contains("bytes of WAL behind site-b")
                    .contains("loses the writes only site-b has")
                    .contains("nothing was changed");
              });
      long refusedAt = System.currentTimeMillis();
      load.awaitAcks(
          "by site-a after the refusal",
          a -> a.site().equals("site-a") && a.sentAtMillis() > refusedAt,
          10);
    } finally {
      load.stop();
    }
    try (Connection a = world.get().lab.jdbc("site-a")) {
      assertThat(FailbackIT.inRecovery(a)).as("site-a still the primary").isFalse();
    }
    assertThat(world.get().lab.haproxyCommand("get weight be_payments/site-a")).startsWith("100");
  }

  @Test
  @Order(2)
  void aPlannedFailoverToATargetThatIsBehindCatchesItUpFirstAndLosesNothing() throws Exception {
    FailoverResult result;
    OrderLoad load = OrderLoad.start(world.get().lab.frontDoorUrl(), 4);
    try {
      load.awaitAcks("while site-c is still paused", a -> true, 20);
      result = failover().failover(FailoverRequest.planned("payments", "site-c", "catch up"));
      long promoted = LabWorld.stepEnd(result, "promote-target");
      load.awaitAcks(
          "by site-c after its promotion",
          a -> a.site().equals("site-c") && a.sentAtMillis() > promoted,
          20);
    } finally {
      load.stop();
    }
    assertThat(result.targetSite()).isEqualTo("site-c");
    assertThat(result.targetChoice().elected()).isFalse();
    assertThat(result.targetChoice().behindBytes()).isPositive();
    assertThat(result.steps())
        .extracting(s -> s.name())
        .containsSubsequence("check-target", "catch-up-target", "fence-source", "promote-target");
    assertThat(result.dataLoss().zeroLossProven()).isTrue();
    assertThat(result.repointed())
        .singleElement()
        .asString()
        .startsWith("site-b streams from site-c");
    try (Connection c = world.get().lab.jdbc("site-c")) {
      assertThat(load.missingFrom(c)).as("acknowledged orders missing on site-c").isEmpty();
    }
  }

  @Test
  @Order(3)
  void theFailbackFromSiteCRampsTrafficHomeToSiteAStepByStepAsWeighted() throws Exception {
    FailbackResult result;
    OrderLoad load = OrderLoad.start(world.get().lab.frontDoorUrl(), 4);
    try {
      load.awaitAcks("by site-c before the failback", a -> a.site().equals("site-c"), 20);
      result =
          world
              .get()
              .client
              .newWorkflowStub(
                  FailbackWorkflow.class, world.get().options(WorkflowIds.failback("payments")))
              .failback(FailbackRequest.of("payments", "home from site-c"));
      long promoted = LabWorld.stepEnd(result, "promote-site-a");
      load.awaitAcks("sent after site-a's promotion", a -> a.sentAtMillis() > promoted, 20);
    } finally {
      load.stop();
    }
    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.COMPLETED);
    assertThat(result.fromSite()).isEqualTo("site-c");
    assertThat(result.targetSite()).isEqualTo("site-a");
    for (StepMeasurement step : result.measurements()) {
      MeasuredSplit split = MeasuredSplit.of(step, load.acks());
      log.info("MEASURED three-site failback {}", split);
      assertThat(split.orders()).as("orders during %s", split).isGreaterThan(100);
      assertThat(split.percent("site-a"))
          .as("site-a's share at %d%%: %s", step.targetPercent(), split)
          .isBetween(step.targetPercent() - 5.0, step.targetPercent() + 5.0);
      assertThat(split.percent("site-c"))
          .as("site-c's share at %d%%: %s", step.targetPercent(), split)
          .isBetween(95.0 - step.targetPercent(), 105.0 - step.targetPercent());
      assertThat(split.percent("site-b")).as("site-b takes no traffic").isZero();
    }
    try (Connection a = world.get().lab.jdbc("site-a")) {
      assertThat(load.missingFrom(a)).as("acknowledged orders missing on site-a").isEmpty();
    }
  }

  @Test
  @Order(4)
  void aPlannedFailoverWithBothStandbysCaughtUpFollowsPriority() throws Exception {
    FailoverResult result =
        failover()
            .failover(
                new FailoverRequest(
                    "payments", null, FailoverMode.PLANNED, null, "by priority", "it", null));

    assertThat(result.targetSite()).as(result.targetChoice().describe()).isEqualTo("site-c");
    assertThat(result.targetChoice().why()).contains("higher priority 80 vs 50");
    assertThat(result.dataLoss().zeroLossProven()).isTrue();
  }

  private static void pauseReplay(String site) throws Exception {
    try (Connection c = world.get().lab.jdbc(site);
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_wal_replay_pause()");
    }
  }
}
