package dev.standby.workflows.runbook;

import dev.standby.activities.HealthActivities;
import dev.standby.activities.NotifyActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.ServiceSpec;
import dev.standby.model.approval.ApprovalDecision;
import dev.standby.model.approval.ApprovalRequirement;
import dev.standby.model.approval.ApprovalTimeoutAction;
import dev.standby.model.backup.BackupRequest;
import dev.standby.model.backup.BackupResult;
import dev.standby.model.backup.RestoreVerifyRequest;
import dev.standby.model.backup.RestoreVerifyResult;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.health.HealthReport;
import dev.standby.model.runbook.Runbook;
import dev.standby.model.runbook.RunbookStep;
import dev.standby.model.runbook.RunbookStep.RunbookCheck;
import dev.standby.model.traffic.ServingReport;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.approval.ApprovalGate;
import dev.standby.workflows.backup.BackupWorkflow;
import dev.standby.workflows.backup.RestoreVerifyWorkflow;
import dev.standby.workflows.comms.RunComms;
import dev.standby.workflows.failback.FailbackWorkflow;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * What each runbook action does, as workflow code: child workflows for failover and failback,
 * activities for health, traffic and notify, signals for people. Returns a line for the timeline;
 * throws a typed failure when the step did not achieve what it is for.
 */
final class StepActions {
  private final HealthActivities health = Workflow.newActivityStub(HealthActivities.class);
  private final TrafficActivities traffic = Workflow.newActivityStub(TrafficActivities.class);
  private final NotifyActivities notify = Workflow.newActivityStub(NotifyActivities.class);
  private final ServiceActivities service = Workflow.newActivityStub(ServiceActivities.class);
  private final Runbook runbook;
  private final ServiceSpec spec;
  private final RunComms comms;
  private final ApprovalGate approvals;
  private final Acknowledgements acknowledgements;
  private final String requestedBy;

  /** The runbook's workflow id: the children it starts run on its behalf. */
  private final String runbookId;

  StepActions(
      Runbook runbook,
      ServiceSpec spec,
      RunComms comms,
      ApprovalGate approvals,
      Acknowledgements acknowledgements,
      String requestedBy,
      String runbookId) {
    this.runbook = runbook;
    this.spec = spec;
    this.comms = comms;
    this.approvals = approvals;
    this.acknowledgements = acknowledgements;
    this.requestedBy = requestedBy;
    this.runbookId = runbookId;
  }

  String perform(RunbookStep step) {
    String detail =
        switch (step.action()) {
          case FAILOVER -> failover(step);
          case FAILBACK -> failback(step);
          case VERIFY_HEALTH ->
              probe(siteOrPrimary(step.site()), step.expect() == null ? "healthy" : step.expect());
          case RUN_CHECKS -> "checked";
          case NOTIFY -> post(step);
          case MANUAL -> acknowledgements.await(step, comms);
          case APPROVAL -> approve(step);
          case BACKUP -> backup(step);
          case RESTORE -> restoreVerify(step);
        };
    List<String> checked = new ArrayList<>();
    for (RunbookCheck check : step.checks()) {
      checked.add(check(check));
    }
    return checked.isEmpty() ? detail : detail + "; checks: " + String.join("; ", checked);
  }

  /**
   * A step that names no site acts on the service's primary as it is when the step runs (an earlier
   * step may have failed it over), not as the topology began it.
   */
  private String siteOrPrimary(String site) {
    return site != null ? site : service.current(spec.name()).primarySite();
  }

  private String failover(RunbookStep step) {
    FailoverMode mode =
        "unplanned".equals(step.mode()) ? FailoverMode.UNPLANNED : FailoverMode.PLANNED;
    FailoverWorkflow child =
        Workflow.newChildWorkflowStub(
            FailoverWorkflow.class,
            childOptions(WorkflowIds.failover(spec.name()), "failover", step.site()));
    // No site: the service's best standby, as the failover finds it.
    FailoverResult result =
        child.failover(
            new FailoverRequest(
                    spec.name(), step.site(), mode, null, reason(step), requestedBy, null)
                .onBehalfOf(runbookId));
    return mode
        + " failover to "
        + result.targetSite()
        + ": "
        + result.verification().servedBy(result.targetSite())
        + "/"
        + result.verification().requests()
        + " real requests served by it, RTO "
        + RunComms.millis(result.rtoMillis())
        + ", data loss: "
        + result.dataLoss().summary();
  }

  private String failback(RunbookStep step) {
    FailbackWorkflow child =
        Workflow.newChildWorkflowStub(
            FailbackWorkflow.class,
            childOptions(WorkflowIds.failback(spec.name()), "failback", step.site()));
    // No site: the failback's own default, the site the service came from.
    FailbackResult result =
        child.failback(
            new FailbackRequest(
                    spec.name(), step.site(), null, null, null, null, reason(step), requestedBy)
                .onBehalfOf(runbookId));
    String target = result.targetSite();
    if (result.outcome() != FailbackResult.Outcome.COMPLETED) {
      throw Failures.nonRetryable(
          FailureType.VERIFICATION_FAILED,
          "failback to "
              + target
              + " ended "
              + result.outcome()
              + (result.gateFailure() == null ? "" : ": " + result.gateFailure()));
    }
    return "failback to " + target + " completed, weights " + result.weights();
  }

  private String backup(RunbookStep step) {
    BackupWorkflow child =
        Workflow.newChildWorkflowStub(
            BackupWorkflow.class, childOptions(WorkflowIds.backup(spec.name()), "backup", "all"));
    BackupResult result =
        child.backup(new BackupRequest(spec.name(), reason(step), requestedBy, runbookId));
    return "backup "
        + result.manifest().backupId()
        + (result.site() == null ? "" : " of " + result.site())
        + " stored and verified in "
        + result.manifest().copies().size()
        + " target(s)";
  }

  /**
   * Proves the newest backup restores and passes its checks; a backup that does not is a failed
   * step.
   */
  private String restoreVerify(RunbookStep step) {
    RestoreVerifyWorkflow child =
        Workflow.newChildWorkflowStub(
            RestoreVerifyWorkflow.class,
            childOptions(WorkflowIds.restoreVerify(spec.name()), "restore-verify", "all"));
    RestoreVerifyResult result =
        child.restoreVerify(
            new RestoreVerifyRequest(spec.name(), null, null, requestedBy, runbookId));
    String seen =
        "backup "
            + result.backupId()
            + " restored from "
            + result.restoredFrom()
            + " in "
            + RunComms.millis(result.restoreMillis())
            + ", "
            + result.checks().stream().filter(c -> c.passed()).count()
            + "/"
            + result.checks().size()
            + " checks passed";
    if (!result.verified()) {
      throw Failures.nonRetryable(FailureType.VERIFICATION_FAILED, seen);
    }
    return seen;
  }

  private String post(RunbookStep step) {
    String text = comms.render(runbook.communication().templates().get(step.template()));
    try {
      notify.post(spec.name(), text);
      return "posted '" + step.template() + "': " + text;
    } catch (ActivityFailure e) {
      // A message that cannot go out must not roll back a failover: the step says so and the run
      // goes on.
      return "NOT posted '" + step.template() + "': " + RunComms.why(e);
    }
  }

  private String approve(RunbookStep step) {
    ApprovalRequirement requirement =
        new ApprovalRequirement(
            runbook.escalation().stream().map(l -> l.approvalLevel()).toList(),
            ApprovalTimeoutAction.KEEP_WAITING);
    String summary =
        runbook.title()
            + " ("
            + runbook.name()
            + "), step "
            + step.id()
            + (step.details() == null ? "" : ": " + step.details().trim());
    comms.update("waiting for approval of " + step.id() + " (" + step.owner() + ")");
    ApprovalDecision decision = approvals.await(spec.name(), step.id(), summary, requirement);
    comms.set("approvedBy", decision.answer() == null ? null : decision.answer().by());
    if (!decision.goAhead()) {
      throw Failures.nonRetryable(
          FailureType.APPROVAL_REJECTED, step.id() + " " + decision.describe());
    }
    return decision.describe();
  }

  String check(RunbookCheck check) {
    String site = siteOrPrimary(check.site());
    if (!"serving".equals(check.check())) {
      return probe(site, check.check());
    }
    ServingReport report = traffic.verifyServing(spec.name(), site, spec.verifyRequests());
    String seen =
        report.servedBy(site)
            + "/"
            + report.requests()
            + " real requests served by "
            + site
            + (report.errors() == 0 ? "" : ", " + report.errors() + " errors");
    if (!report.allServedByExpected()) {
      throw Failures.nonRetryable(
          FailureType.VERIFICATION_FAILED,
          "check serving "
              + site
              + " failed: "
              + seen
              + " (by site: "
              + report.servedBySite()
              + ")");
    }
    return seen;
  }

  /**
   * @param expect healthy, ready (able to take over) or unhealthy
   */
  private String probe(String site, String expect) {
    HealthReport report = health.probe(spec.name(), site);
    boolean met =
        switch (expect) {
          case "ready" -> report.readyToTakeOver();
          case "unhealthy" -> !report.healthy();
          default -> report.healthy();
        };
    if (!met) {
      throw Failures.nonRetryable(
          FailureType.VERIFICATION_FAILED, site + " is not " + expect + ": " + report.summary());
    }
    return site + " " + expect + " (" + report.summary() + ")";
  }

  private ChildWorkflowOptions childOptions(String workflowId, String kind, String site) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTypedSearchAttributes(StandbySearchAttributes.of(spec.name(), kind, site))
        // An aborted runbook asks its failover to stop at its next step rather than killing it
        // mid-promotion.
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
        .build();
  }

  private String reason(RunbookStep step) {
    return "runbook " + runbook.name() + ", step " + step.id();
  }
}
