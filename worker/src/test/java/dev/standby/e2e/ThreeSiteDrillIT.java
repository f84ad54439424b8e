package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.DrillSiteReport;
import dev.standby.model.drill.DrillSiteReport.Role;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.drill.DrillWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated drill on the three-site lab with site-b's replay paused: the drill fails over to
 * site-c (the highest priority, as a planned election picks), and its result and report give each
 * site's figures, measured: site-c's RTO and RPO, site-b's lag and the WAL it would have lost, and
 * how long after the promotion it streamed from site-c again.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ThreeSiteDrillIT {
  private static final Logger log = LoggerFactory.getLogger(ThreeSiteDrillIT.class);

  @RegisterExtension
  static final LabWorldExtension world =
      LabWorldExtension.onThreeSites(
          "three-site-drill", w -> w.withWorker(w.lab.dir().resolve("drill-reports")));

  @Test
  void aDrillReportsTheTargetsRtoAndRpoAndTheLaggingReplicasLagAndRepointing() throws Exception {
    OrderLoad load = OrderLoad.start(world.get().lab.frontDoorUrl(), 2);
    try {
      load.awaitAcks("before site-b's replay is paused", a -> true, 10);
      try (Connection b = world.get().lab.jdbc("site-b");
          Statement s = b.createStatement()) {
        s.execute("SELECT pg_wal_replay_pause()");
      }
      long pausedAt = System.currentTimeMillis();
      load.awaitAcks("while site-b lags", a -> a.ackedAtMillis() > pausedAt, 20);
    } finally {
      load.stop();
    }

    DrillWorkflow drill =
        world
            .get()
            .client
            .newWorkflowStub(
                DrillWorkflow.class, world.get().options(WorkflowIds.drill("payments")));
    WorkflowClient.start(drill::drill, DrillRequest.simulated("payments").withoutFailback());
    DrillResult result =
        WorkflowStub.fromTyped(drill).getResult(5, TimeUnit.MINUTES, DrillResult.class);

    assertThat(result.outcome())
        .as("reasons %s", result.reasons())
        .isEqualTo(DrillResult.Outcome.PASSED);
    assertThat(result.targetSite()).isEqualTo("site-c");
    assertThat(result.sites())
        .extracting(DrillSiteReport::site, DrillSiteReport::role)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("site-a", Role.SOURCE),
            org.assertj.core.groups.Tuple.tuple("site-b", Role.STANDBY),
            org.assertj.core.groups.Tuple.tuple("site-c", Role.TARGET));
    DrillSiteReport lagging = result.sites().get(1);
    DrillSiteReport target = result.sites().get(2);

    assertThat(target.rtoMillis()).isEqualTo(result.rtoMillis()).isPositive();
    assertThat(target.lostWrites()).as("a planned failover loses nothing").isZero();
    assertThat(target.replayLsn()).isEqualTo(result.failover().dataLoss().targetReplayLsn());
    assertThat(target.lagMillis()).isNotNull();

    assertThat(lagging.lagMillis())
        .as("site-b, paused, lags more than site-c did")
        .isNotNull()
        .isGreaterThan(target.lagMillis());
    assertThat(lagging.behindBytes())
        .as("the WAL site-b had not replayed: what choosing it would have lost")
        .isPositive();
    assertThat(lagging.repointed()).startsWith("site-b streams from site-c");
    assertThat(lagging.followingAfterMillis()).isNotNull().isPositive();

    Path report = Path.of(result.reportLocation()).resolve("report.md");
    assertThat(report)
        .content()
        .contains("## Sites")
        .contains("- site-a: the primary failed over from")
        .contains("- " + lagging.line())
        .contains("- " + target.line());
    log.info(
        "MEASURED three-site drill per site: {}",
        String.join(" | ", result.sites().stream().map(DrillSiteReport::line).toList()));
  }
}
