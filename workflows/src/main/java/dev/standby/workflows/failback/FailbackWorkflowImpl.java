package dev.standby.workflows.failback;

import dev.standby.activities.ComputeActivities;
import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.ServiceSpec;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalDecision;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.compute.ScaleResult;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.failback.FailbackProgress;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failback.FailbackResult.Outcome;
import dev.standby.model.failover.DataLossEvidence;
import dev.standby.model.health.HealthReport;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceState;
import dev.standby.model.traffic.ServingReport;
import dev.standby.workflows.PlannedSwitchover;
import dev.standby.workflows.ReplicaRepointer;
import dev.standby.workflows.ServiceRun;
import dev.standby.workflows.SiteHosts;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.StepTimeline;
import dev.standby.workflows.approval.ApprovalGate;
import dev.standby.workflows.comms.RunComms;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;

/**
 * The order, and why:
 *
 * <ol>
 *   <li>check: the returning site's app is healthy and the other site's database is the primary
 *       taking writes;
 *   <li>resync: the returning site's database becomes a streaming replica of that primary;
 *   <li>shift: traffic to the returning site in steps, each baked and gated. While traffic is
 *       split, every app writes to the one primary through its writer endpoint, so a split is never
 *       two writers;
 *   <li>switch the database, by default last, after the 100% step has baked: fence the primary,
 *       wait until the returning site has replayed its last LSN, promote. Until then every step,
 *       every rollback and an abort are only weight changes, so going back never needs a second
 *       switchover, and the switchover happens once, when the returning site has proved itself
 *       under all of the traffic. Once the last step has baked, abort is ignored. With {@code
 *       switchDatabaseAt} below 100 the database moves after that step instead, and a rollback or
 *       abort after it ends with the same planned switchover back;
 *   <li>reseed: the old primary becomes a replica of the new one, so the service is protected
 *       again;
 *   <li>verify: real requests through the front door are served by the returning site.
 * </ol>
 */
public class FailbackWorkflowImpl implements FailbackWorkflow {
  private final TopologyActivities topology = Workflow.newActivityStub(TopologyActivities.class);
  private final HealthActivities health = Workflow.newActivityStub(HealthActivities.class);
  private final DatabaseActivities database = Workflow.newActivityStub(DatabaseActivities.class);
  private final TrafficActivities traffic = Workflow.newActivityStub(TrafficActivities.class);
  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);
  private final ServiceActivities services = Workflow.newActivityStub(ServiceActivities.class);

  private final StepTimeline timeline = new StepTimeline();
  private final OperatorSignals signals = new OperatorSignals();
  private final ApprovalGate approvals = new ApprovalGate();
  private ServiceSpec spec;
  private RunComms comms;
  private FailbackPlan plan;
  private TrafficShift shift;
  private String service;
  private String targetSite;
  private FailbackState endedAs;
  private FailbackPhase phase = FailbackPhase.STARTING;
  private DataLossEvidence switchover;
  private ResyncResult reseeded;
  private DataLossEvidence switchback;
  private ServiceRun admitted;

  @Override
  public FailbackResult failback(FailbackRequest request) {
    long startedAt = Workflow.getInfo().getRunStartedTimestampMillis();
    String problem = FailbackRequest.problem(request);
    if (problem != null) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, problem);
    }
    service = request.service();
    try {
      FailbackResult result = run(request, startedAt);
      endedAs = FailbackState.endedAs(result.outcome());
      admitted.finish(report(result));
      comms.resolution(
          result.outcome().name().toLowerCase()
              + (result.gateFailure() == null
                  ? ""
                  : " (gate failed at " + result.gateFailure() + ")")
              + "; weights "
              + result.weights());
      return result;
    } catch (RuntimeException e) {
      endedAs = FailbackState.FAILED;
      // A run that failed before its plan was resolved has nobody to tell yet.
      if (comms != null) {
        comms.resolution(RunComms.resolutionAt(timeline.currentStep(), e));
      }
      if (admitted != null) {
        OperationReport failed =
            admitted
                .report(ServiceRun.outcomeOf(e), RunComms.endedAt(timeline.currentStep(), e))
                .withSteps(timeline.steps());
        // Where the database ended is what the service must know, whatever failed after it.
        boolean switched = switchover != null && switchback == null;
        admitted.finish(
            switched ? failed.moved(plan.from(), plan.target(), reseeded != null) : failed);
      }
      throw e;
    }
  }

  private FailbackResult run(FailbackRequest request, long startedAt) {
    spec =
        timeline.run(
            "resolve-service",
            () -> topology.describeService(service),
            s -> "sites " + s.sites() + ", home " + s.primarySite());
    ServiceState admittedState =
        timeline.run(
            "admit",
            () -> {
              admitted =
                  ServiceRun.admit(
                      services,
                      service,
                      OperationKind.FAILBACK,
                      true,
                      request.requestedBy(),
                      request.onBehalfOf());
              return admitted.state();
            },
            s -> "admitted by service/" + service + "; primary " + s.primarySite());
    plan = FailbackPlan.resolve(request, spec, admittedState.primarySite());
    targetSite = plan.target();
    StandbySearchAttributes.upsert(service, "failback", targetSite);
    comms =
        new RunComms("Failback", service, spec.notifications().templates())
            .set("source", plan.from())
            .set("target", plan.target())
            .set("mode", "stepped " + plan.steps() + "%")
            .set("reason", request.reason())
            .set("requestedBy", request.requestedBy())
            .set("rtoObjective", RunComms.millis(spec.rtoMillis()))
            .set("rpoObjective", RunComms.millis(spec.rpoMillis()))
            .set(
                "approvedBy",
                plan.steps().stream().anyMatch(plan::needsApproval) ? null : "not required")
            .set("rto", "n/a for a failback")
            .set("dataLoss", "none expected (planned switchover)");
    comms.initial();

    phase = FailbackPhase.CHECKING;
    Promise<HealthReport> targetHealth = Async.function(health::probe, service, plan.target());
    Promise<ReplicationStatus> primary =
        Async.function(database::replicationStatus, service, plan.from());
    Promise<Map<String, Integer>> current = Async.function(traffic::weights, service);
    timeline.run("check-sites", () -> checkSites(targetHealth.get(), primary.get()), d -> d);
    shift = new TrafficShift(plan, signals, timeline, current.get());

    phase = FailbackPhase.RESYNCING;
    ResyncResult resync =
        timeline.run(
            "resync-database",
            () ->
                SiteHosts.database(plan.target())
                    .resyncAsReplica(service, plan.target(), plan.from()),
            r ->
                plan.target()
                    + " streams from "
                    + plan.from()
                    + " ("
                    + r.method()
                    + ", replayed "
                    + r.replayLsn()
                    + ")");

    Outcome ended =
        shift.shift(
            new TrafficShift.Checkpoints() {
              @Override
              public void entered(FailbackPhase next) {
                phase = next;
              }

              @Override
              public boolean approved(int percent) {
                return awaitApproval(percent);
              }

              @Override
              public void reachedSwitchPoint() {
                phase = FailbackPhase.SWITCHING_DATABASE;
                switchover = switchDatabase(plan.from(), plan.target());
                phase = FailbackPhase.RESEEDING;
                reseeded = reseed(plan.from(), plan.target());
                repointOthers(plan.from(), plan.target());
              }
            });
    if (ended != null) {
      if (switchover != null) {
        // The traffic is back where it was; the database goes back too, the same planned way.
        phase = FailbackPhase.SWITCHING_DATABASE_BACK;
        switchback = switchDatabase(plan.target(), plan.from());
        reseed(plan.target(), plan.from());
      }
      return result(ended, resync, startedAt);
    }
    phase = FailbackPhase.VERIFYING;
    timeline.run(
        "verify-traffic",
        () -> traffic.verifyServing(service, plan.target(), spec.verifyRequests()),
        (ServingReport r) ->
            r.servedBy(plan.target())
                + "/"
                + r.requests()
                + " real requests served by "
                + plan.target());
    if (spec.computeSites().contains(plan.from())) {
      timeline.run(
          "scale-down-source",
          () -> compute.scaleDown(service, plan.from()),
          ScaleResult::describe);
    }
    return result(Outcome.COMPLETED, resync, startedAt);
  }

  /** The service's primary is the target once the database switched and did not switch back. */
  private OperationReport report(FailbackResult result) {
    OperationOutcome outcome =
        result.outcome() == Outcome.COMPLETED
            ? OperationOutcome.COMPLETED
            : result.outcome() == Outcome.ROLLED_BACK
                ? OperationOutcome.ROLLED_BACK
                : OperationOutcome.CANCELED;
    OperationReport report =
        admitted
            .report(
                outcome,
                result.outcome().name().toLowerCase()
                    + (result.gateFailure() == null
                        ? ""
                        : ", gate failed at " + result.gateFailure())
                    + "; weights "
                    + result.weights())
            .withSteps(timeline.steps());
    return switchover != null && switchback == null
        ? report.moved(plan.from(), plan.target(), reseeded != null)
        : report;
  }

  /**
   * The returning site must serve again, and the site it returns from must hold the one writable
   * primary.
   */
  private String checkSites(HealthReport target, ReplicationStatus from) {
    if (!target.healthy()) {
      throw Failures.nonRetryable(
          FailureType.TARGET_UNHEALTHY, plan.target() + " is not healthy yet: " + target.summary());
    }
    if (from.role() != DatabaseRole.PRIMARY || from.fenced()) {
      throw Failures.nonRetryable(
          FailureType.SOURCE_NOT_PRIMARY,
          plan.from()
              + "'s database is "
              + (from.fenced() ? "fenced" : from.role().name().toLowerCase())
              + ", not the primary taking writes"
              + (from.error() == null ? "" : " (" + from.error() + ")")
              + "; nothing to fail back from");
    }
    return plan.target()
        + " healthy ("
        + target.latencyMillis()
        + " ms), "
        + plan.from()
        + " is the primary";
  }

  /**
   * Asks for approval of the step through the escalating gate: the service's contact levels, one
   * timer each, then its last-timeout default. False when the step was rejected, aborted on
   * timeout, or the failback aborted.
   */
  private boolean awaitApproval(int percent) {
    String step = "shift-" + percent + "%";
    int index = timeline.start("approval-" + percent + "%");
    signals.awaitingApprovalAt = percent;
    phase = FailbackPhase.AWAITING_APPROVAL;
    String summary =
        "failback of "
            + service
            + " to "
            + plan.target()
            + ": shift "
            + percent
            + "% of the traffic"
            + (percent == plan.switchDatabaseAt()
                ? " (the database switches over after this step)"
                : "");
    ApprovalDecision decision =
        signals.abortRequested
            ? new ApprovalDecision(
                step,
                ApprovalDecision.Verdict.WITHDRAWN,
                new Approval(step, "standby", null, "the failback was aborted"),
                0)
            : approvals.await(service, step, summary, spec.notifications().approval());
    signals.awaitingApprovalAt = null;
    boolean go = decision.goAhead() && !signals.abortRequested;
    notifyComms(step, decision);
    timeline.finish(index, go ? StepStatus.COMPLETED : StepStatus.SKIPPED, decision.describe());
    return go;
  }

  private void notifyComms(String step, ApprovalDecision decision) {
    if (decision.verdict() == ApprovalDecision.Verdict.APPROVED) {
      comms.set("approvedBy", decision.answer().by());
    }
    comms.update(step + " " + decision.describe());
  }

  /**
   * The planned switchover: nothing acknowledged is lost, and there is never a second writable
   * primary.
   */
  private DataLossEvidence switchDatabase(String from, String to) {
    return new PlannedSwitchover(service, database, timeline)
        .run(
            from,
            to,
            new PlannedSwitchover.StepNames("fence-primary", "promote-" + to, "unfence-" + from))
        .evidence();
  }

  /**
   * With more than two sites, the other standbys still follow the site the service came home from:
   * each replica among them is re-pointed to the new primary (rewound if it must be). Two-site
   * services have none, so their runs are as before.
   */
  private void repointOthers(String from, String primary) {
    for (String site : spec.candidates(primary)) {
      if (site.equals(from)) {
        continue;
      }
      if (database.replicationStatus(service, site).role() == DatabaseRole.REPLICA) {
        new ReplicaRepointer(service, database, timeline).repoint(site, primary, null);
      }
    }
  }

  /**
   * The switchover has succeeded either way; a standby that could not be reseeded is reported, not
   * fatal.
   */
  private ResyncResult reseed(String oldPrimary, String primary) {
    int index = timeline.start("reseed-" + oldPrimary);
    try {
      ResyncResult r = SiteHosts.database(oldPrimary).resyncAsReplica(service, oldPrimary, primary);
      timeline.finish(
          index,
          StepStatus.COMPLETED,
          oldPrimary + " streams from " + primary + " (" + r.method() + ")");
      return r;
    } catch (ActivityFailure e) {
      timeline.finish(
          index,
          StepStatus.FAILED,
          oldPrimary + " stays a fenced primary, not a replica: " + StepTimeline.rootMessage(e));
      return null;
    }
  }

  private FailbackResult result(Outcome outcome, ResyncResult resync, long startedAt) {
    return new FailbackResult(
        service,
        plan.target(),
        plan.from(),
        outcome,
        shift.gateFailure(),
        resync,
        switchover,
        reseeded,
        shift.weights(),
        shift.measurements(),
        timeline.steps(),
        startedAt,
        Workflow.currentTimeMillis(),
        switchback);
  }

  @Override
  public void pause() {
    signals.pause();
  }

  @Override
  public void resume() {
    signals.resume();
  }

  @Override
  public void approve(Approval approval) {
    approvals.approve(approval);
  }

  @Override
  public void reject(Approval approval) {
    approvals.reject(approval);
  }

  @Override
  public ApprovalStatus approvals() {
    return approvals.status();
  }

  @Override
  public void abort() {
    if (shift == null || !shift.pastPointOfNoReturn()) {
      signals.abort();
      approvals.withdraw("the failback was aborted");
    }
  }

  @Override
  public FailbackProgress progress() {
    return new FailbackProgress(
        service,
        targetSite,
        state().name(),
        timeline.currentStep(),
        plan == null ? List.of() : plan.steps(),
        shift == null ? Map.of() : shift.weights(),
        signals.awaitingApprovalAt,
        shift == null ? null : shift.gateFailure(),
        shift == null ? List.of() : shift.measurements(),
        timeline.steps());
  }

  private FailbackState state() {
    if (endedAs != null) {
      return endedAs;
    }
    if (signals.awaitingApprovalAt != null) {
      return FailbackState.AWAITING_APPROVAL;
    }
    if (signals.held) {
      return FailbackState.HELD;
    }
    if (signals.paused && phase == FailbackPhase.SHIFTING) {
      return FailbackState.PAUSED;
    }
    return phase.state();
  }
}
