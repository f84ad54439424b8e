package dev.standby.activities;

import dev.standby.model.drill.DrillResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Report: writes a drill's report (JSON, Markdown and a self-contained HTML page) where the worker
 * keeps them.
 */
@ActivityInterface(namePrefix = "Report")
public interface ReportActivities {

  /**
   * Writes the report and returns its location (a folder, or an object store URI); writing it again
   * overwrites it.
   */
  @ActivityMethod
  String writeDrillReport(DrillResult result);
}
