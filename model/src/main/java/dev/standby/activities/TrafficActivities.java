package dev.standby.activities;

import dev.standby.model.traffic.ServingReport;
import dev.standby.model.traffic.TrafficSample;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.Map;

/** Traffic: where a service's front door sends requests, and proof of where they land. */
@ActivityInterface(namePrefix = "Traffic")
public interface TrafficActivities {

  /** Current weights by site, 0 to 100. */
  @ActivityMethod
  Map<String, Integer> weights(String service);

  /**
   * Sets the weights by site (each 0 to 100, summing to 100) and returns what the router then
   * reports. Setting the weights already in place changes nothing.
   */
  @ActivityMethod
  Map<String, Integer> setWeights(String service, Map<String, Integer> weights);

  /**
   * Sends real requests through the front door until {@code requests} in a row are answered by
   * {@code expectedSite} (or the activity's deadline passes), and reports where each landed.
   */
  @ActivityMethod
  ServingReport verifyServing(String service, String expectedSite, int requests);

  /**
   * Sends {@code requests} real requests through the front door, each on a new connection, and
   * reports the split by the site that answered, the errors and the 95th-percentile latency of each
   * site.
   */
  @ActivityMethod
  TrafficSample sampleFrontDoor(String service, int requests);
}
