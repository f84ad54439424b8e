package dev.standby.workflows.service;

import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.HistoryEntry;
import dev.standby.model.service.Operation;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import dev.standby.model.service.SiteState;
import java.util.LinkedHashMap;
import java.util.Map;

/** What operations do to the service's state when they begin and end: pure functions. */
final class Transitions {
  private Transitions() {}

  /** A failover or failback began: the primary's site says so until the run ends. */
  static ServiceState began(ServiceState s, AdmissionRequest request) {
    if (request.kind() == OperationKind.FAILOVER) {
      return ServiceWorkflowImpl.mark(
          s,
          s.primarySite(),
          SiteCondition.FAILING_OVER,
          "being failed over by " + request.workflowId());
    }
    if (request.kind() == OperationKind.FAILBACK) {
      return ServiceWorkflowImpl.mark(
          s,
          s.primarySite(),
          SiteCondition.FAILING_BACK,
          "being failed back by " + request.workflowId());
    }
    return s;
  }

  /**
   * A run ended: where it left the primary becomes the state's primary, the old primary is a
   * protected replica or an old primary to re-seed, and the history keeps the run.
   */
  static ServiceState ended(ServiceState s, OperationReport r, Operation op, long now) {
    s = clearTransitional(s, r.workflowId());
    String before = s.primarySite();
    if (r.primarySite() != null
        && !r.primarySite().equals(before)
        && s.site(r.primarySite()) != null) {
      s =
          ServiceWorkflowImpl.mark(
                  s.withPrimary(r.primarySite()),
                  r.primarySite(),
                  SiteCondition.HEALTHY,
                  "primary since " + r.workflowId())
              .withProtection(false, "not observed since " + r.workflowId());
      s =
          r.oldPrimaryProtected()
              ? ServiceWorkflowImpl.mark(
                  s,
                  before,
                  SiteCondition.HEALTHY,
                  "streams from " + r.primarySite() + " since " + r.workflowId())
              : ServiceWorkflowImpl.mark(
                  s,
                  before,
                  SiteCondition.FAILED_OVER,
                  "left by "
                      + r.workflowId()
                      + "; it cannot take writes and must be re-seeded from "
                      + r.primarySite());
    }
    return s.recording(
        new HistoryEntry(
            r.kind().label(),
            r.subtype(),
            r.workflowId(),
            op == null ? null : op.requestedBy(),
            op == null ? now : op.startedAtMillis(),
            now,
            r.outcome() == null ? OperationOutcome.COMPLETED : r.outcome(),
            r.fromSite(),
            r.toSite(),
            r.rtoMillis(),
            r.lostWrites(),
            r.rpoMillis(),
            r.detail()));
  }

  /** FAILING_OVER and FAILING_BACK last as long as the run: the next observation judges again. */
  private static ServiceState clearTransitional(ServiceState s, String workflowId) {
    Map<String, SiteState> sites = new LinkedHashMap<>();
    for (SiteState site : s.sites().values()) {
      boolean transitional =
          site.condition() == SiteCondition.FAILING_OVER
              || site.condition() == SiteCondition.FAILING_BACK;
      sites.put(
          site.site(),
          transitional
              ? site.withCondition(SiteCondition.HEALTHY, workflowId + " ended; observing again")
              : site);
    }
    return s.withSites(sites);
  }
}
