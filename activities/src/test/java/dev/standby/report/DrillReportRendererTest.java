package dev.standby.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.DrillSiteReport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Renders the result of a real chaos drill against the lab (kept as JSON under test resources): the
 * page stands on its own and shows the objectives against what was measured, every step, and what
 * to do next.
 */
class DrillReportRendererTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static DrillResult recorded(String name) throws Exception {
    try (InputStream in =
        DrillReportRendererTest.class.getResourceAsStream("/drill-reports/" + name)) {
      return JSON.readValue(in, DrillResult.class);
    }
  }

  @Test
  void theHtmlPageIsSelfContainedAndShowsObjectivesAgainstMeasurements() throws Exception {
    DrillResult result = recorded("chaos-kill-db.json");
    String html = DrillReportRenderer.html(result, Recommendations.of(result));

    assertThat(html)
        .startsWith("<!doctype html>")
        .contains("<style>")
        .contains("<svg class=\"timeline\"")
        .doesNotContain("<link", "<script", "src=\"http", "url(http", "@import");
    assertThat(html)
        .contains(">PASSED<")
        .contains("5.99 s")
        .contains("objective 30.00 s (topology) · <b>met</b>")
        .contains("0 lost writes");
    // One bar per drill step and per failover and failback step.
    long bars = html.split("<rect ", -1).length - 1;
    assertThat(bars)
        .isEqualTo(DrillReportRenderer.bars(result).size())
        .isEqualTo(
            result.steps().size()
                - 1
                + result.failover().steps().size()
                + result.failback().steps().size());
    if (System.getProperty("drill.report.out") != null) {
      Files.writeString(Path.of(System.getProperty("drill.report.out")), html);
    }
  }

  @Test
  void oneLostWriteIsSingular() throws Exception {
    DrillResult p = recorded("chaos-kill-db.json");
    DrillResult one =
        new DrillResult(
            p.service(),
            p.type(),
            p.fault(),
            p.outcome(),
            p.reasons(),
            p.sourceSite(),
            p.targetSite(),
            p.startedAtMillis(),
            p.completedAtMillis(),
            p.objectives(),
            p.rtoMillis(),
            1L,
            55L,
            p.faultInjected(),
            p.failover(),
            p.writeLoad(),
            p.checks(),
            p.consistency(),
            p.failback(),
            p.tabletop(),
            p.steps(),
            p.workflowId(),
            p.runId(),
            null,
            null,
            null);
    assertThat(DrillReportRenderer.html(one, List.of()))
        .contains("1 lost write<")
        .doesNotContain("1 lost writes");
    assertThat(DrillReportRenderer.markdown(one, List.of())).contains("1 lost write, window 55 ms");
  }

  @Test
  void aMissedObjectiveIsShownAsMissedWithItsReasonAndARecommendation() throws Exception {
    DrillResult passed = recorded("chaos-kill-db.json");
    DrillResult missed =
        new DrillResult(
            passed.service(),
            passed.type(),
            passed.fault(),
            DrillResult.Outcome.FAILED,
            List.of("RTO 5994 ms exceeded the objective of 1000 ms (explicit) by 4994 ms"),
            passed.sourceSite(),
            passed.targetSite(),
            passed.startedAtMillis(),
            passed.completedAtMillis(),
            new dev.standby.model.drill.DrillObjectives.Resolved(1_000, "explicit", 0, "tier-1"),
            passed.rtoMillis(),
            passed.rpoLostWrites(),
            passed.rpoWindowMillis(),
            passed.faultInjected(),
            passed.failover(),
            passed.writeLoad(),
            passed.checks(),
            passed.consistency(),
            passed.failback(),
            passed.tabletop(),
            passed.steps(),
            passed.workflowId(),
            passed.runId(),
            null,
            null,
            null);
    List<String> recommendations = Recommendations.of(missed);

    assertThat(recommendations.get(0))
        .startsWith("RTO 5.99 s missed the objective of 1.00 s.")
        .contains("the slowest failover step was");
    String html = DrillReportRenderer.html(missed, recommendations);
    assertThat(html)
        .contains(">FAILED<")
        .contains("<h2>Why</h2>")
        .contains("RTO 5994 ms exceeded the objective of 1000 ms (explicit) by 4994 ms")
        .contains("objective 1.00 s (explicit) · <b>missed</b>");
    assertThat(DrillReportRenderer.markdown(missed, recommendations))
        .contains("| RTO | 1.00 s (explicit) | 5.99 s | MISSED |");
  }

  private static DrillResult withSites(DrillResult p, List<DrillSiteReport> sites) {
    return new DrillResult(
        p.service(),
        p.type(),
        p.fault(),
        p.outcome(),
        p.reasons(),
        p.sourceSite(),
        p.targetSite(),
        p.startedAtMillis(),
        p.completedAtMillis(),
        p.objectives(),
        p.rtoMillis(),
        p.rpoLostWrites(),
        p.rpoWindowMillis(),
        p.faultInjected(),
        p.failover(),
        p.writeLoad(),
        p.checks(),
        p.consistency(),
        p.failback(),
        p.tabletop(),
        p.steps(),
        p.workflowId(),
        p.runId(),
        p.reportLocation(),
        p.practice(),
        sites);
  }

  private static DrillSiteReport target(DrillResult r) {
    return new DrillSiteReport(
        r.targetSite(),
        DrillSiteReport.Role.TARGET,
        50,
        "0/3000200",
        0L,
        null,
        r.rtoMillis(),
        r.rpoLostWrites(),
        r.rpoWindowMillis(),
        null,
        null,
        null);
  }

  private static DrillSiteReport source(DrillResult r) {
    return new DrillSiteReport(
        r.sourceSite(),
        DrillSiteReport.Role.SOURCE,
        50,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void aTwoSiteDrillsSitesAreOneLineEach() throws Exception {
    DrillResult two = recorded("chaos-kill-db.json");
    DrillResult r = withSites(two, List.of(source(two), target(two)));

    String md = DrillReportRenderer.markdown(r, List.of());

    assertThat(md)
        .contains(
            "## Sites\n\n- site-a: the primary failed over from\n- site-b: target (priority 50),"
                + " RTO "
                + two.rtoMillis()
                + " ms, RPO 0 acknowledged writes lost over 0 ms, promoted at 0/3000200, lag 0 ms"
                + " before the failover\n\n");
    assertThat(DrillReportRenderer.html(r, List.of()))
        .contains(
            "<section><h2>Sites</h2><ul class=\"sites\"><li>site-a: the primary failed over"
                + " from</li><li>site-b: target");
  }

  @Test
  void aThreeSiteDrillShowsTheOtherStandbysLagAndRepointingAndTheBackupOnlySite() throws Exception {
    DrillResult two = recorded("chaos-kill-db.json");
    DrillSiteReport standby =
        new DrillSiteReport(
            "site-c",
            DrillSiteReport.Role.STANDBY,
            80,
            "0/2FFF000",
            4_200L,
            4_608L,
            null,
            null,
            null,
            "site-c streams from site-b (REPOINT)",
            1_100L,
            null);
    DrillSiteReport backupOnly =
        new DrillSiteReport(
            "site-d",
            DrillSiteReport.Role.BACKUP_ONLY,
            50,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "no backup in the service's history");
    DrillResult r = withSites(two, List.of(source(two), target(two), standby, backupOnly));

    String md = DrillReportRenderer.markdown(r, List.of());

    assertThat(md)
        .contains(
            "- site-c: standby (priority 80), replayed 0/2FFF000, lag 4200 ms, 4608 bytes of WAL"
                + " behind the target: would have lost them; site-c streams from site-b (REPOINT),"
                + " streaming and caught up 1100 ms after the promotion\n"
                + "- site-d: backup-only, never a candidate (no backup in the service's"
                + " history)\n");
    assertThat(DrillReportRenderer.html(r, List.of()))
        .contains(
            "<li>site-d: backup-only, never a candidate (no backup in the service's history)</li>");
  }
}
