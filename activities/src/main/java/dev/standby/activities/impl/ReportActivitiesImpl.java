package dev.standby.activities.impl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.standby.activities.ReportActivities;
import dev.standby.model.drill.DrillResult;
import dev.standby.report.DrillReportRenderer;
import dev.standby.report.Recommendations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a drill's report into a folder of its own under the reports folder: {@code report.json}
 * (the result and the recommendations), {@code report.md} and {@code report.html}. The write load's
 * journal lands there too.
 */
public class ReportActivitiesImpl implements ReportActivities {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Path reports;

  public ReportActivitiesImpl(Path reports) {
    this.reports = reports;
  }

  @Override
  public String writeDrillReport(DrillResult result) {
    Path folder =
        reports
            .resolve(DrillResult.reportKey(result.workflowId(), result.runId()))
            .toAbsolutePath();
    List<String> recommendations = Recommendations.of(result);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("result", result.withReport(folder.toString()));
    json.put("recommendations", recommendations);
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve("report.json"), JSON.writeValueAsString(json));
      Files.writeString(
          folder.resolve("report.md"), DrillReportRenderer.markdown(result, recommendations));
      Files.writeString(
          folder.resolve("report.html"), DrillReportRenderer.html(result, recommendations));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the drill report to " + folder, e);
    }
    return folder.toString();
  }
}
