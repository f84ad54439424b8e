package dev.standby.activities;

import dev.standby.model.drill.FaultKind;
import dev.standby.model.drill.FaultRecord;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Fault: injects failures into a site for chaos drills, and takes them away again. Both are
 * idempotent. The lab's faults act on the site's own processes (a SIGKILL by the postmaster's pid,
 * the app stopped), so workflows schedule them on the site's task queue ({@link SiteQueues#of}).
 */
@ActivityInterface(namePrefix = "Fault")
public interface FaultActivities {

  /**
   * Injects the fault; {@code latencyMillis} is only for ADD_LATENCY. Returns when it took effect.
   */
  @ActivityMethod
  FaultRecord inject(String service, String site, FaultKind kind, long latencyMillis);

  /**
   * Takes the fault away: the app starts again, its health endpoint and latency go back to normal.
   * A killed database is not restarted here: the failback's resync brings it back as a replica.
   */
  @ActivityMethod
  FaultRecord clear(String service, String site, FaultKind kind);
}
