package dev.standby.activities;

import dev.standby.model.HealthReport;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Health: one HTTP probe of a service's app at a site. */
@ActivityInterface(namePrefix = "Health")
public interface HealthActivities {

  /**
   * Probes the site's health endpoint once. An unreachable app is a report with {@code reachable=false},
   * not an exception: being down is an answer.
   */
  @ActivityMethod
  HealthReport probe(String service, String site);
}
