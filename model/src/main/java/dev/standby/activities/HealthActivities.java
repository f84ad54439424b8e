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
   * Whether the site's app process is alive, asked at the topology's {@code health.liveness} path,
   * which answers without touching dependencies: a standby whose full health check hangs on a dead
   * primary is still alive. Without a liveness path it is the full probe. Never an exception.
   */
  @ActivityMethod
  HealthReport liveness(String service, String site);

  /**
   * Runs the topology's integration checks ({@code drill.checks}) against the site's app; failures
   * are results.
   */
  @ActivityMethod
  List<CheckResult> runChecks(String service, String site);
}
