package dev.standby.workflows;

import dev.standby.model.health.HealthReport;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.Map;
import java.util.function.Supplier;

/** Health probes as the monitor and the failback's gate read them. */
public final class HealthProbes {
  private HealthProbes() {}

  /**
   * A probe that cannot complete is a failed probe: the site reads as down, with the reason it
   * gave.
   */
  public static HealthReport orDown(String site, Supplier<HealthReport> probe) {
    try {
      return probe.get();
    } catch (ActivityFailure e) {
      return new HealthReport(
          site,
          false,
          0,
          null,
          Map.of(),
          0,
          0,
          Workflow.currentTimeMillis(),
          StepTimeline.rootMessage(e));
    }
  }
}
