package dev.standby.activities;

import dev.standby.model.health.CheckResult;
import dev.standby.model.health.HealthReport;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Health: one HTTP probe of a service's app at a site. */
@ActivityInterface(namePrefix = "Health")
public interface HealthActivities {

  /**
   * Probes the site's health endpoint once. An unreachable app is a report with {@code
   * reachable=false}, not an exception: being down is an answer.
   */
  @ActivityMethod
  HealthReport probe(String service, String site);

  /**
   * Runs the topology's integration checks ({@code drill.checks}) against the site's app; failures
   * are results.
   */
  @ActivityMethod
  List<CheckResult> runChecks(String service, String site);
}
