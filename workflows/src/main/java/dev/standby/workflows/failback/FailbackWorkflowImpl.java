package dev.standby.workflows.failback;

import dev.standby.activities.ComputeActivities;
import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.GateFailureAction;
import dev.standby.model.ServiceSpec;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalDecision;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.compute.ScaleResult;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.failback.FailbackProgress;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failback.StepMeasurement;
import dev.standby.model.failover.DataLossEvidence;
import dev.standby.model.health.HealthReport;
import dev.standby.model.traffic.ServingReport;
import dev.standby.model.traffic.TrafficSample;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.StepTimeline;
import dev.standby.workflows.approval.ApprovalGate;
import dev.standby.workflows.comms.RunComms;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The order, and why:
 * <ol>
 *   <li>check: the returning site's app is healthy and the other site's database is the primary taking writes;
 *   <li>resync: the returning site's database becomes a streaming replica of that primary;
 *   <li>shift: traffic to the returning site in steps, each baked and gated. While traffic is split, every
 *       app writes to the one primary through its writer endpoint, so a split is never two writers;
 *   <li>switch the database, by default last, after the 100% step has baked: fence the primary, wait until the
 *       returning site has replayed its last LSN, promote. Until then every step, every rollback and an abort
 *       are only weight changes, so going back never needs a second switchover, and the switchover happens
 *       once, when the returning site has proved itself under all of the traffic. Once the last step has
 *       baked, abort is ignored. With {@code switchDatabaseAt} below 100 the database moves after that step
 *       instead, and a rollback or abort after it ends with the same planned switchover back;
 *   <li>reseed: the old primary becomes a replica of the new one, so the service is protected again;
 *   <li>verify: real requests through the front door are served by the returning site.
 * </ol>
 */
public class FailbackWorkflowImpl implements FailbackWorkflow {
  /**
   * Version 1: approvals through the escalating {@link ApprovalGate} with the service's contact levels, the returning
   * site probed again after an approval wait, and messages from the service's templates.
   */
  static final String GATE_COMMS_RECHECK = "gate-approvals-comms-recheck";
  /** Version 1: once the returning site serves, the site it returned from is scaled down to its standby capacity. */
  static final String SCALE_COMPUTE = "scale-compute";

  private final TopologyActivities topology = Workflow.newActivityStub(TopologyActivities.class);
  private final HealthActivities health = Workflow.newActivityStub(HealthActivities.class);
  private final DatabaseActivities database = Workflow.newActivityStub(DatabaseActivities.class);
  private final TrafficActivities traffic = Workflow.newActivityStub(TrafficActivities.class);
  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);

  private final StepTimeline timeline = new StepTimeline();
  private final OperatorSignals signals = new OperatorSignals();
  private final ApprovalGate approvals = new ApprovalGate();
  private int version = Workflow.DEFAULT_VERSION;
  private ServiceSpec spec;
  private RunComms comms;
  private final List<StepMeasurement> measurements = new ArrayList<>();
  private FailbackPlan plan;
  private HealthGate gate;
  private String service;
  private String targetSite;
  private String outcome;
  private String phase = "starting";
  private String gateFailure;
  private Map<String, Integer> initialWeights = Map.of();
  private Map<String, Integer> weights = Map.of();
  private boolean committed;
  private DataLossEvidence switchover;
  private ResyncResult reseeded;
  private DataLossEvidence switchback;

  @Override
  public FailbackResult failback(FailbackRequest request) {
    long startedAt = Workflow.getInfo().getRunStartedTimestampMillis();
    if (request == null || request.service() == null || request.service().isBlank()) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, "failback request: 'service' is required");
    }
    service = request.service();
    try {
      FailbackResult result = run(request, startedAt);
      outcome = result.outcome();
      if (comms != null) {
        comms.resolution(result.outcome().toLowerCase() + (result.gateFailure() == null ? ""
            : " (gate failed at " + result.gateFailure() + ")") + "; weights " + result.weights());
      }
      return result;
    } catch (RuntimeException e) {
      outcome = "FAILED";
      if (comms != null) {
        comms.resolution("FAILED at " + timeline.currentStep() + ": " + RunComms.why(e));
      }
      throw e;
    }
  }

  private FailbackResult run(FailbackRequest request, long startedAt) {
    version = Workflow.getVersion(GATE_COMMS_RECHECK, Workflow.DEFAULT_VERSION, 1);
    spec = timeline.run("resolve-service", () -> topology.describeService(service),
        s -> "sites " + s.sites() + ", primary " + s.primarySite());
    plan = FailbackPlan.resolve(request, spec);
    gate = new HealthGate(plan);
    targetSite = plan.target();
    StandbySearchAttributes.upsert(service, "failback", targetSite);
    if (version >= 1) {
      comms = new RunComms("Failback", service, spec.notifications().templates())
          .set("source", plan.from()).set("target", plan.target()).set("mode", "stepped " + plan.steps() + "%")
          .set("reason", request.reason()).set("requestedBy", request.requestedBy())
          .set("rtoObjective", RunComms.millis(spec.rtoMillis())).set("rpoObjective", RunComms.millis(spec.rpoMillis()))
          .set("approvedBy", plan.steps().stream().anyMatch(plan::needsApproval) ? null : "not required")
          .set("rto", "n/a for a failback").set("dataLoss", "none expected (planned switchover)");
      comms.initial();
    }

    phase = "checking";
    Promise<HealthReport> targetHealth = Async.function(health::probe, service, plan.target());
    Promise<ReplicationStatus> primary = Async.function(database::replicationStatus, service, plan.from());
    Promise<Map<String, Integer>> current = Async.function(traffic::weights, service);
    timeline.run("check-sites", () -> checkSites(targetHealth.get(), primary.get()), d -> d);
    initialWeights = current.get();
    weights = initialWeights;

    phase = "resyncing";
    ResyncResult resync = timeline.run("resync-database",
        () -> database.resyncAsReplica(service, plan.target(), plan.from()),
        r -> plan.target() + " streams from " + plan.from() + " (" + r.method() + ", replayed " + r.replayLsn() + ")");

    String ended = shift();
    if (ended != null) {
      if (switchover != null) {
        // The traffic is back where it was; the database goes back too, the same planned way.
        phase = "switching database back";
        switchback = switchDatabase(plan.target(), plan.from());
        reseed(plan.target(), plan.from());
      }
      return result(ended, resync, switchover, reseeded, startedAt);
    }
    phase = "verifying";
    timeline.run("verify-traffic", () -> traffic.verifyServing(service, plan.target(), spec.verifyRequests()),
        (ServingReport r) -> r.servedBy(plan.target()) + "/" + r.requests() + " real requests served by " + plan.target());
    if (Workflow.getVersion(SCALE_COMPUTE, Workflow.DEFAULT_VERSION, 1) >= 1 && spec.computeSites().contains(plan.from())) {
      timeline.run("scale-down-source", () -> compute.scaleDown(service, plan.from()), ScaleResult::describe);
    }
    return result(FailbackResult.COMPLETED, resync, switchover, reseeded, startedAt);
  }

  /** The returning site must serve again, and the site it returns from must hold the one writable primary. */
  private String checkSites(HealthReport target, ReplicationStatus from) {
    if (!target.healthy()) {
      throw Failures.nonRetryable(FailureType.TARGET_UNHEALTHY, plan.target() + " is not healthy yet: " + target.summary());
    }
    if (from.role() != DatabaseRole.PRIMARY || from.fenced()) {
      throw Failures.nonRetryable(FailureType.SOURCE_NOT_PRIMARY, plan.from() + "'s database is "
          + (from.fenced() ? "fenced" : from.role().name().toLowerCase()) + ", not the primary taking writes"
          + (from.error() == null ? "" : " (" + from.error() + ")") + "; nothing to fail back from");
    }
    return plan.target() + " healthy (" + target.latencyMillis() + " ms), " + plan.from() + " is the primary";
  }

  /**
   * Up through the steps. Returns null when every step passed its gate, else how the failback ended
   * (ROLLED_BACK or ABORTED) after the weights went back down.
   */
  private String shift() {
    List<Integer> steps = plan.steps();
    int i = 0;
    while (i < steps.size()) {
      int percent = steps.get(i);
      if (plan.needsApproval(percent)) {
        if (!(version >= 1 ? awaitGate(percent) : awaitApproval(percent))) {
          return stepDown(i - 1, "abort", FailbackResult.ABORTED);
        }
        String unhealthy = version >= 1 ? recheckTarget(percent) : null;
        if (unhealthy != null) {
          gateFailure = percent + "%: " + unhealthy;
          return stepDown(i - 1, "step-down", FailbackResult.ROLLED_BACK);
        }
      }
      if (signals.abortRequested) {
        return stepDown(i - 1, "abort", FailbackResult.ABORTED);
      }
      phase = "shifting";
      String failed = runStep(percent, "shift", true);
      if (signals.abortRequested) {
        return stepDown(i - 1, "abort", FailbackResult.ABORTED);
      }
      if (failed == null) {
        committed = i == steps.size() - 1;
        if (percent == plan.switchDatabaseAt()) {
          phase = "switching database";
          switchover = switchDatabase(plan.from(), plan.target());
          phase = "reseeding";
          reseeded = reseed(plan.from(), plan.target());
        }
        i++;
        continue;
      }
      gateFailure = percent + "%: " + failed;
      if (plan.onGateFailure() == GateFailureAction.ROLLBACK) {
        return stepDown(i - 1, "step-down", FailbackResult.ROLLED_BACK);
      }
      // Hold: back to the last split that passed, and wait there for a person.
      descend(i - 1, i - 1, "step-down");
      phase = "held";
      signals.held = true;
      Workflow.await(() -> !signals.held || signals.abortRequested);
      if (signals.abortRequested) {
        return stepDown(i - 2, "abort", FailbackResult.ABORTED);
      }
      gateFailure = null; // resumed: the failed step is tried again
    }
    return null;
  }

  /** Waits for {@code approve}; false when the failback was aborted instead. */
  private boolean awaitApproval(int percent) {
    int index = timeline.start("approval-" + percent + "%");
    signals.awaitingApprovalAt = percent;
    phase = "awaiting approval";
    Workflow.await(() -> signals.approved(percent) || signals.abortRequested);
    signals.awaitingApprovalAt = null;
    boolean approved = signals.approved(percent);
    timeline.finish(index, approved ? StepStatus.COMPLETED : StepStatus.SKIPPED, approved ? "approved" : "aborted");
    return approved;
  }

  /**
   * Asks for approval of the step through the escalating gate: the service's contact levels, one timer each, then
   * its last-timeout default. False when the step was rejected, aborted on timeout, or the failback aborted.
   */
  private boolean awaitGate(int percent) {
    String step = "shift-" + percent + "%";
    int index = timeline.start("approval-" + percent + "%");
    signals.awaitingApprovalAt = percent;
    phase = "awaiting approval";
    String summary = "failback of " + service + " to " + plan.target() + ": shift " + percent + "% of the traffic"
        + (committedAt(percent) ? " (the database switches over after this step)" : "");
    ApprovalDecision decision = signals.abortRequested
        ? new ApprovalDecision(step, ApprovalDecision.Verdict.WITHDRAWN,
            new Approval(step, "standby", null, "the failback was aborted"), 0)
        : approvals.await(service, step, summary, spec.notifications().approval());
    signals.awaitingApprovalAt = null;
    boolean go = decision.goAhead() && !signals.abortRequested;
    if (comms != null) {
      if (decision.verdict() == ApprovalDecision.Verdict.APPROVED) {
        comms.set("approvedBy", decision.answer().by());
      }
      comms.update(step + " " + decision.describe());
    }
    timeline.finish(index, go ? StepStatus.COMPLETED : StepStatus.SKIPPED, decision.describe());
    return go;
  }

  private boolean committedAt(int percent) {
    return percent == plan.switchDatabaseAt();
  }

  /** After an approval wait the returning site is probed again before its weight goes up; null when healthy. */
  private String recheckTarget(int percent) {
    HealthReport report = timeline.run("recheck-" + plan.target(), () -> probeOrDown(
        Async.function(health::probe, service, plan.target())), r -> r.summary());
    return report.healthy() ? null : plan.target() + " is not healthy after the approval wait: " + report.summary();
  }

  /** Down through steps[from], steps[from-1], ... steps[0], one bake each, then the weights the failback found. */
  private String stepDown(int from, String kind, String how) {
    descend(from, -1, kind);
    return how;
  }

  /**
   * Down through steps[from] to steps[downTo], one bake per step; downTo -1 ends at the weights the failback
   * found. A step whose weights are already set was baked on the way up and is not baked again.
   */
  private void descend(int from, int downTo, String kind) {
    phase = kind.equals("abort") ? "aborting" : "rolling back";
    for (int j = from; j >= Math.max(0, downTo); j--) {
      if (!weights.equals(plan.weights(plan.steps().get(j)))) {
        runStep(plan.steps().get(j), kind, false);
      }
    }
    if (downTo < 0 && !weights.equals(initialWeights)) {
      int index = timeline.start(kind + "-0%");
      weights = traffic.setWeights(service, initialWeights);
      long now = Workflow.currentTimeMillis();
      measurements.add(new StepMeasurement(initialWeights.getOrDefault(plan.target(), 0), kind, weights, now, now, 0, 0,
          Map.of(), Map.of(), 0, "not gated"));
      timeline.finish(index, StepStatus.COMPLETED, "weights " + weights + ", as before the failback");
    }
  }

  /** Sets the step's weights and bakes; returns why its gate failed, or null. Stepping down is measured, not gated. */
  private String runStep(int percent, String kind, boolean gated) {
    String name = (kind.equals("shift") ? "shift-" : kind + "-") + percent + "%";
    int index = timeline.start(name);
    Map<String, Integer> wanted = plan.weights(percent);
    weights = traffic.setWeights(service, wanted);
    StepMeter meter = new StepMeter(percent, kind, weights, Workflow.currentTimeMillis(), plan.target());
    measurements.add(meter.measurement(null, gated ? "baking" : "not gated"));
    String failed = bake(meter, gated);
    boolean aborted = gated && signals.abortRequested;
    String verdict = !gated ? "not gated" : aborted ? "cut short by abort" : failed == null ? "passed" : "failed: " + failed;
    measurements.set(measurements.size() - 1, meter.measurement(Workflow.currentTimeMillis(), verdict));
    timeline.finish(index, failed == null ? StepStatus.COMPLETED : StepStatus.FAILED, meter.summary() + "; gate " + verdict);
    return failed;
  }

  /**
   * The bake: a Temporal timer in slices of {@code sampleEvery}, each followed by a sample of the front door.
   * A pause holds the bake open (sampling goes on); an abort ends a gated bake at once.
   */
  private String bake(StepMeter meter, boolean gated) {
    long endsAt = Workflow.currentTimeMillis() + plan.bakeMillis();
    while (true) {
      long left = endsAt - Workflow.currentTimeMillis();
      if (left <= 0 && !(gated && signals.paused)) {
        return null;
      }
      long wait = left > 0 ? Math.min(plan.sampleEveryMillis(), left) : plan.sampleEveryMillis();
      if (gated && Workflow.await(Duration.ofMillis(wait), () -> signals.abortRequested)) {
        return null;
      }
      if (!gated) {
        Workflow.sleep(Duration.ofMillis(wait));
      }
      Promise<HealthReport> probe = Async.function(health::probe, service, plan.target());
      TrafficSample sample = sample();
      meter.add(sample);
      measurements.set(measurements.size() - 1, meter.measurement(null, gated ? "baking" : "not gated"));
      String failed = gated ? gate.check(sample, probeOrDown(probe)) : null;
      if (failed != null) {
        return failed;
      }
    }
  }

  private TrafficSample sample() {
    try {
      return traffic.sampleFrontDoor(service, plan.sampleRequests());
    } catch (ActivityFailure e) {
      // A sample that cannot be taken is a failed sample: nobody answered.
      return new TrafficSample(plan.sampleRequests(), Map.of(), Map.of(TrafficSample.NO_SITE, plan.sampleRequests()),
          Map.of(), Workflow.currentTimeMillis());
    }
  }

  private HealthReport probeOrDown(Promise<HealthReport> probe) {
    try {
      return probe.get();
    } catch (ActivityFailure e) {
      return new HealthReport(plan.target(), false, 0, null, Map.of(), 0, 0, Workflow.currentTimeMillis(),
          StepTimeline.rootMessage(e));
    }
  }

  /** The planned switchover: nothing acknowledged is lost, and there is never a second writable primary. */
  private DataLossEvidence switchDatabase(String from, String to) {
    FenceResult fence = timeline.run("fence-primary", () -> database.fence(service, from),
        f -> from + " stopped taking writes at LSN " + f.finalLsn());
    ReplicationStatus caughtUp;
    PromotionResult promotion;
    try {
      caughtUp = timeline.run("await-replay", () -> database.awaitReplay(service, to, fence.finalLsn()),
          s -> "replayed " + s.replayLsn());
      promotion = timeline.run("promote-" + to, () -> database.promote(service, to),
          p -> p.promoted() ? "promoted, timeline " + p.timeline() : "already primary");
    } catch (RuntimeException e) {
      // Not promoted: the old primary takes writes again and the apps keep writing to it.
      Workflow.newDetachedCancellationScope(() -> {
        database.unfence(service, from);
        timeline.compensated("unfence-" + from, from + " accepts writes again");
      }).run();
      throw e;
    }
    return new DataLossEvidence(true, fence.finalLsn(), caughtUp.replayLsn(), promotion.lastReplayedCommitMillis(),
        "none: " + to + " replayed " + from + "'s last LSN " + fence.finalLsn() + " before promotion");
  }

  /** The switchover has succeeded either way; a standby that could not be reseeded is reported, not fatal. */
  private ResyncResult reseed(String oldPrimary, String primary) {
    int index = timeline.start("reseed-" + oldPrimary);
    try {
      ResyncResult r = database.resyncAsReplica(service, oldPrimary, primary);
      timeline.finish(index, StepStatus.COMPLETED, oldPrimary + " streams from " + primary + " (" + r.method() + ")");
      return r;
    } catch (ActivityFailure e) {
      timeline.finish(index, StepStatus.FAILED, oldPrimary + " stays a fenced primary, not a replica: "
          + StepTimeline.rootMessage(e));
      return null;
    }
  }

  private FailbackResult result(String how, ResyncResult resync, DataLossEvidence switchover, ResyncResult reseeded,
      long startedAt) {
    phase = how.toLowerCase();
    return new FailbackResult(service, plan.target(), plan.from(), how, gateFailure, resync, switchover, reseeded,
        weights, List.copyOf(measurements), timeline.steps(), startedAt, Workflow.currentTimeMillis(), switchback);
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
    if (version >= 1) {
      approvals.approve(approval);
    } else {
      signals.approve();
    }
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
    if (!committed) {
      signals.abort();
      approvals.withdraw("the failback was aborted");
    }
  }

  @Override
  public FailbackProgress progress() {
    return new FailbackProgress(service, targetSite, state(), timeline.currentStep(),
        plan == null ? List.of() : plan.steps(), weights, signals.awaitingApprovalAt, gateFailure,
        List.copyOf(measurements), timeline.steps());
  }

  private String state() {
    if (outcome != null) {
      return outcome;
    }
    if (signals.awaitingApprovalAt != null) {
      return "AWAITING_APPROVAL";
    }
    if (signals.held) {
      return "HELD";
    }
    if (signals.paused && phase.equals("shifting")) {
      return "PAUSED";
    }
    return switch (phase) {
      case "rolling back" -> "ROLLING_BACK";
      case "aborting" -> "ABORTING";
      default -> "RUNNING";
    };
  }
}
