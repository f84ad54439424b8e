package dev.standby.model.failover;

import dev.standby.model.approval.ApprovalRequirement;

/**
 * Input of the failover workflow. This is the JSON an operator pastes into the Temporal UI, e.g.
 * {@code {"service":"payments","targetSite":"site-b","mode":"PLANNED","reason":"maintenance"}}.
 *
 * @param targetSite optional; defaults to the service's best standby, as its state says
 * @param sourceSite optional; defaults to the service's current primary, as its state says
 * @param incidentStartedAtMillis optional; when the incident began (first failed probe), the start
 *     of the RTO clock
 * @param approval optional; when given, the run asks for approval after its checks and before it
 *     changes anything
 * @param onBehalfOf optional; the workflow id of the admitted operation this failover is part of (a
 *     drill), so the service admits it inside that operation
 * @param acceptLoss an unplanned failover to a named target that has replayed less than another
 *     standby goes ahead only with this (or an approval): the writes only the other has are lost
 * @param readings optional; the standbys as the health monitor read them while it counted failures
 *     (used only while fresh, else read again)
 */
public record FailoverRequest(
    String service,
    String targetSite,
    FailoverMode mode,
    String sourceSite,
    String reason,
    String requestedBy,
    Long incidentStartedAtMillis,
    ApprovalRequirement approval,
    String onBehalfOf,
    boolean acceptLoss,
    StandbyReadings readings) {

  public FailoverRequest {
    if (mode == null) {
      mode = FailoverMode.PLANNED;
    }
  }

  /** A failover that needs nobody's approval, as every failover did before approvals existed. */
  public FailoverRequest(
      String service,
      String targetSite,
      FailoverMode mode,
      String sourceSite,
      String reason,
      String requestedBy,
      Long incidentStartedAtMillis) {
    this(
        service,
        targetSite,
        mode,
        sourceSite,
        reason,
        requestedBy,
        incidentStartedAtMillis,
        null,
        null);
  }

  public FailoverRequest(
      String service,
      String targetSite,
      FailoverMode mode,
      String sourceSite,
      String reason,
      String requestedBy,
      Long incidentStartedAtMillis,
      ApprovalRequirement approval,
      String onBehalfOf) {
    this(
        service,
        targetSite,
        mode,
        sourceSite,
        reason,
        requestedBy,
        incidentStartedAtMillis,
        approval,
        onBehalfOf,
        false,
        null);
  }

  public FailoverRequest(
      String service,
      String targetSite,
      FailoverMode mode,
      String sourceSite,
      String reason,
      String requestedBy,
      Long incidentStartedAtMillis,
      ApprovalRequirement approval) {
    this(
        service,
        targetSite,
        mode,
        sourceSite,
        reason,
        requestedBy,
        incidentStartedAtMillis,
        approval,
        null);
  }

  /**
   * The first reason {@code request} cannot start a failover, judged on the request alone (whether
   * its sites belong to the service needs the topology: the workflow checks that next), or null
   * when it can.
   */
  public static String problem(FailoverRequest request) {
    if (request == null || request.service() == null || request.service().isBlank()) {
      return "failover request: 'service' is required";
    }
    if (request.targetSite() != null && request.targetSite().isBlank()) {
      return "failover request: 'targetSite' is blank (leave it out to take the best standby)";
    }
    if (request.targetSite() != null && request.targetSite().equals(request.sourceSite())) {
      return "failover request: sourceSite and targetSite are both '" + request.targetSite() + "'";
    }
    return null;
  }

  public FailoverRequest withApproval(ApprovalRequirement requirement) {
    return new FailoverRequest(
        service,
        targetSite,
        mode,
        sourceSite,
        reason,
        requestedBy,
        incidentStartedAtMillis,
        requirement,
        onBehalfOf,
        acceptLoss,
        readings);
  }

  /** This failover as part of the admitted operation {@code workflowId} (a drill's). */
  public FailoverRequest onBehalfOf(String workflowId) {
    return new FailoverRequest(
        service,
        targetSite,
        mode,
        sourceSite,
        reason,
        requestedBy,
        incidentStartedAtMillis,
        approval,
        workflowId,
        acceptLoss,
        readings);
  }

  /** This failover, told to go ahead to a named target that is behind another standby. */
  public FailoverRequest acceptingLoss() {
    return new FailoverRequest(
        service,
        targetSite,
        mode,
        sourceSite,
        reason,
        requestedBy,
        incidentStartedAtMillis,
        approval,
        onBehalfOf,
        true,
        readings);
  }

  /** This failover, with the standbys as the monitor read them just before it. */
  public FailoverRequest withReadings(StandbyReadings standbys) {
    return new FailoverRequest(
        service,
        targetSite,
        mode,
        sourceSite,
        reason,
        requestedBy,
        incidentStartedAtMillis,
        approval,
        onBehalfOf,
        acceptLoss,
        standbys);
  }

  public static FailoverRequest planned(String service, String targetSite, String reason) {
    return new FailoverRequest(service, targetSite, FailoverMode.PLANNED, null, reason, null, null);
  }

  public static FailoverRequest unplanned(
      String service, String targetSite, String reason, long incidentStartedAtMillis) {
    return new FailoverRequest(
        service, targetSite, FailoverMode.UNPLANNED, null, reason, null, incidentStartedAtMillis);
  }
}
