package dev.standby.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.model.drill.DrillResult;
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
}
