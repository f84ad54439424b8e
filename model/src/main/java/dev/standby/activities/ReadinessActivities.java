package dev.standby.activities;

import dev.standby.model.readiness.ReadinessFacts;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Readiness: reads, never changes, what a failover of the service would need: every app and
 * database, every router, every backup store and its newest backup, Slack, with the worker's own
 * credentials.
 */
@ActivityInterface(namePrefix = "Readiness")
public interface ReadinessActivities {

  /** One read of everything; an unreachable part is a fact, never an exception. */
  @ActivityMethod
  ReadinessFacts gather(String service);
}
