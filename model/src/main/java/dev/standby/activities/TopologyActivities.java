package dev.standby.activities;

import dev.standby.model.ServiceSpec;
import dev.standby.model.drill.DrillSpec;
import dev.standby.model.practice.PracticeSpec;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Answers what a workflow needs to know of a service, from the topology the worker was started
 * with.
 */
@ActivityInterface(namePrefix = "Topology")
public interface TopologyActivities {

  /** Fails non-retryably with {@code UNKNOWN_SERVICE} when the topology has no such service. */
  @ActivityMethod
  ServiceSpec describeService(String service);

  /** The service's drill settings ({@code drill} block; defaults without one). */
  @ActivityMethod
  DrillSpec describeDrill(String service);

  /** The service's practice-failover settings ({@code drill.practice}; not configured without). */
  @ActivityMethod
  PracticeSpec describePractice(String service);
}
