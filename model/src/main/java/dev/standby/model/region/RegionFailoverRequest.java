package dev.standby.model.region;

import dev.standby.model.approval.ApprovalRequirement;
import dev.standby.model.failover.FailoverMode;
import java.util.List;

/**
 * Input of the region plan: every service whose primary is at {@code site} fails over, in the
 * plan's groups. The JSON an operator pastes into the Temporal UI: {@code
 * {"site":"site-a","mode":"UNPLANNED","reason":"site-a is down"}}.
 *
 * @param mode UNPLANNED when left out: a region plan is for a site that is gone
 * @param onServiceFailure optional; overrides the plan's
 * @param approval optional; the escalation levels of the approvals between groups (the first
 *     service's notify levels otherwise)
 * @param failedServices optional; the services whose monitors started the plan, for the record
 */
public record RegionFailoverRequest(
    String site,
    FailoverMode mode,
    String reason,
    String requestedBy,
    Long incidentStartedAtMillis,
    OnServiceFailure onServiceFailure,
    ApprovalRequirement approval,
    List<String> failedServices) {

  public RegionFailoverRequest {
    mode = mode == null ? FailoverMode.UNPLANNED : mode;
    failedServices = failedServices == null ? List.of() : List.copyOf(failedServices);
  }

  public static RegionFailoverRequest of(String site, String reason, String requestedBy) {
    return new RegionFailoverRequest(site, null, reason, requestedBy, null, null, null, null);
  }

  /** The first reason the request cannot start a plan, judged on the request alone, or null. */
  public static String problem(RegionFailoverRequest request) {
    if (request == null || request.site() == null || request.site().isBlank()) {
      return "region failover request: 'site' is required (the site whose services move)";
    }
    return null;
  }
}
