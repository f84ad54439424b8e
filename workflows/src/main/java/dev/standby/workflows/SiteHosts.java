package dev.standby.workflows;

import dev.standby.activities.DatabaseHostActivities;
import dev.standby.activities.FaultActivities;
import io.temporal.workflow.Workflow;

/**
 * Stubs for the activities that must run on a site's own host, each routed to that site's task
 * queue. Workflows take the stub of the site whose database (or app) the call acts on, so a fence
 * of site-a runs on site-a's host and nowhere else.
 */
public final class SiteHosts {
  private SiteHosts() {}

  /** Fencing, unfencing, isolating and resyncing {@code site}'s database, on its host. */
  public static DatabaseHostActivities database(String site) {
    return Workflow.newActivityStub(
        DatabaseHostActivities.class, StandbyActivityOptions.onSite(site));
  }

  /** Injecting and clearing faults in {@code site}, on its host. */
  public static FaultActivities faults(String site) {
    return Workflow.newActivityStub(FaultActivities.class, StandbyActivityOptions.onSite(site));
  }
}
