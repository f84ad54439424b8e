package dev.standby.activities;

import dev.standby.model.ServiceSpec;
import dev.standby.model.drill.DrillSpec;
import dev.standby.model.objectsync.StoreSpec;
import dev.standby.model.practice.PracticeSpec;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.Map;

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

  /**
   * Each site's object store ({@code sites.<site>.objects}), in the topology's order; fails
   * non-retryably with {@code INVALID_INPUT} when the service declares none.
   */
  @ActivityMethod
  Map<String, StoreSpec> describeObjectStores(String service);

  /** The service's practice-failover settings ({@code drill.practice}; not configured without). */
  @ActivityMethod
  PracticeSpec describePractice(String service);
}
