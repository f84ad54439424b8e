package dev.standby.activities;

import dev.standby.model.compute.ScaleResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Compute: a site's app tier, scaled up when the site takes traffic and down when it is left.
 * Idempotent.
 */
@ActivityInterface(namePrefix = "Compute")
public interface ComputeActivities {

  /**
   * Sets the site's group to its {@code active} capacity; a site without a compute group changes
   * nothing.
   */
  @ActivityMethod
  ScaleResult scaleUp(String service, String site);

  /**
   * Sets the site's group to its {@code standby} capacity; a site without a compute group changes
   * nothing.
   */
  @ActivityMethod
  ScaleResult scaleDown(String service, String site);
}
