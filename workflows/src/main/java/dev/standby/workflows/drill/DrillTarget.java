package dev.standby.workflows.drill;

import dev.standby.model.ServiceSpec;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;

/**
 * The site a drill fails over to, chosen as a planned failover's election would: among the standbys
 * the service last saw streaming within the RPO ({@code HEALTHY}), the highest priority;
 * backup-only sites never. Read from the service's state, so the drill adds no reads of its own
 * before its baseline checks the choice.
 */
final class DrillTarget {
  private DrillTarget() {}

  static String choose(ServiceSpec spec, ServiceState state) {
    for (String candidate : spec.candidates(state.primarySite())) {
      if (state.site(candidate) != null
          && state.site(candidate).condition() == SiteCondition.HEALTHY) {
        return candidate;
      }
    }
    String fallback = state.failoverTarget();
    return fallback != null && spec.backupOnly(fallback) ? null : fallback;
  }
}
