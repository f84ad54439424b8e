package dev.standby.activities;

import dev.standby.model.region.RegionPlan;
import dev.standby.model.region.ServiceFailureReport;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Region plans: which services a site's plan moves, and the monitors' way to its trigger. */
@ActivityInterface(namePrefix = "Region")
public interface RegionActivities {

  /**
   * The site's plan resolved against every service's state now: the groups hold the services whose
   * primary is at the site. Fails non-retryably with {@code UNKNOWN_SITE}.
   */
  @ActivityMethod
  RegionPlan plan(String site);

  /**
   * Hands a monitor's detection to the site's region trigger when the site's plan has one, and
   * returns true; returns false when it has none, and the monitor fails the service over itself.
   */
  @ActivityMethod
  boolean reportFailure(ServiceFailureReport report);

  /** When the site's last region plan started, or null when none ever did. */
  @ActivityMethod
  Long lastPlanStartedAtMillis(String site);
}
