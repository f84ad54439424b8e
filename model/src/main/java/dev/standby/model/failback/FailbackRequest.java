package dev.standby.model.failback;

import dev.standby.model.GateFailureAction;
import java.util.List;

/**
 * Input of the failback workflow, e.g. {@code {"service":"payments","reason":"site-a repaired"}}.
 * Null fields take the topology's values ({@code failback} block): the returning site is the
 * service's primary site.
 *
 * @param targetSite the site traffic and the database return to; the service's primary site by
 *     default
 * @param steps percent of traffic for the target at each step, increasing, ending at 100
 * @param approvalAt the steps (percentages) that wait for an {@code approve} signal before their
 *     weights are set
 * @param switchDatabaseAt the step after whose bake the database switches over; 100 (the default)
 *     once all traffic is home, which keeps every rollback a weight change
 * @param onBehalfOf optional; the workflow id of the admitted operation this failback is part of (a
 *     drill's), so the service admits it inside that operation
 */
public record FailbackRequest(
    String service,
    String targetSite,
    List<Integer> steps,
    Long bakeMillis,
    List<Integer> approvalAt,
    GateFailureAction onGateFailure,
    String reason,
    String requestedBy,
    Integer switchDatabaseAt,
    String onBehalfOf) {

  public FailbackRequest(
      String service,
      String targetSite,
      List<Integer> steps,
      Long bakeMillis,
      List<Integer> approvalAt,
      GateFailureAction onGateFailure,
      String reason,
      String requestedBy,
      Integer switchDatabaseAt) {
    this(
        service,
        targetSite,
        steps,
        bakeMillis,
        approvalAt,
        onGateFailure,
        reason,
        requestedBy,
        switchDatabaseAt,
        null);
  }

  public FailbackRequest(
      String service,
      String targetSite,
      List<Integer> steps,
      Long bakeMillis,
      List<Integer> approvalAt,
      GateFailureAction onGateFailure,
      String reason,
      String requestedBy) {
    this(
        service,
        targetSite,
        steps,
        bakeMillis,
        approvalAt,
        onGateFailure,
        reason,
        requestedBy,
        null);
  }

  /** This failback as part of the admitted operation {@code workflowId} (a drill's). */
  public FailbackRequest onBehalfOf(String workflowId) {
    return new FailbackRequest(
        service,
        targetSite,
        steps,
        bakeMillis,
        approvalAt,
        onGateFailure,
        reason,
        requestedBy,
        switchDatabaseAt,
        workflowId);
  }

  public static FailbackRequest of(String service, String reason) {
    return new FailbackRequest(service, null, null, null, null, null, reason, null, null);
  }

  /**
   * The first reason {@code request} cannot start a failback, judged on the request alone, or null
   * when it can. Its steps, bake and gates are judged with the service's failback policy, which
   * fills what the request leaves out (FailbackPlan).
   */
  public static String problem(FailbackRequest request) {
    if (request == null || request.service() == null || request.service().isBlank()) {
      return "failback request: 'service' is required";
    }
    return null;
  }
}
