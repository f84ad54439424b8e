package dev.standby.activities;

import dev.standby.model.drill.WriteLoadPlan;
import dev.standby.model.drill.WriteLoadReport;
import dev.standby.model.practice.FrontDoorSample;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Write load: writes through the service's front door during a drill, remembering every
 * acknowledged sequence number, then counts which of them the target's database does not have.
 */
@ActivityInterface(namePrefix = "WriteLoad")
public interface WriteLoadActivities {

  /**
   * Writes, heartbeating, until the target has served writes for the plan's settle time, a stop
   * condition fires or the plan's time is up; then looks every acknowledged write up on the
   * target's database.
   */
  @ActivityMethod
  WriteLoadReport run(WriteLoadPlan plan);

  /**
   * Writes through the front door with {@code writers} writers for {@code millis}, heartbeating,
   * and returns what they saw: acknowledgements by site, errors, latencies. A practice failover
   * measures production with it before and while it runs.
   */
  @ActivityMethod
  FrontDoorSample sample(String service, int writers, long millis);
}
