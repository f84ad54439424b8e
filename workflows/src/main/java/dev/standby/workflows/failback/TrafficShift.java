package dev.standby.workflows.failback;

import dev.standby.activities.HealthActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.model.GateFailureAction;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.failback.FailbackResult.Outcome;
import dev.standby.model.failback.StepMeasurement;
import dev.standby.model.health.HealthReport;
import dev.standby.model.traffic.TrafficSample;
import dev.standby.workflows.HealthProbes;
import dev.standby.workflows.StepTimeline;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The failback's traffic: up to the returning site in the plan's steps, each baked and gated, and
 * back down, one bake per step, when a gate fails or an operator aborts. Only weights change here;
 * the database moves at the step the failback's {@link Checkpoints} are told about.
 */
final class TrafficShift {
  /** What the shift leaves to the failback. */
  interface Checkpoints {
    void entered(FailbackPhase phase);

    /**
     * Waits for the approval of the step to {@code percent}; false when it was refused or the
     * failback aborted.
     */
    boolean approved(int percent);

    /** The step at which the database moves has passed its gate. */
    void reachedSwitchPoint();
  }

  private final HealthActivities health = Workflow.newActivityStub(HealthActivities.class);
  private final TrafficActivities traffic = Workflow.newActivityStub(TrafficActivities.class);

  private final FailbackPlan plan;
  private final HealthGate gate;
  private final OperatorSignals signals;
  private final StepTimeline timeline;
  private final Map<String, Integer> initialWeights;
  private final List<StepMeasurement> measurements = new ArrayList<>();
  private Map<String, Integer> weights;
  private String gateFailure;
  private boolean pastPointOfNoReturn;

  /**
   * @param initialWeights the weights the failback found, where a rollback ends
   */
  TrafficShift(
      FailbackPlan plan,
      OperatorSignals signals,
      StepTimeline timeline,
      Map<String, Integer> initialWeights) {
    this.plan = plan;
    this.gate = new HealthGate(plan);
    this.signals = signals;
    this.timeline = timeline;
    this.initialWeights = initialWeights;
    this.weights = initialWeights;
  }

  /**
   * Up through the steps. Returns null when every step passed its gate, else how the failback ended
   * (ROLLED_BACK or ABORTED) after the weights went back down.
   */
  Outcome shift(Checkpoints checkpoints) {
    List<Integer> steps = plan.steps();
    int i = 0;
    while (i < steps.size()) {
      int percent = steps.get(i);
      if (plan.needsApproval(percent)) {
        if (!checkpoints.approved(percent)) {
          return rollBack(i - 1, StepKind.ABORT, Outcome.ABORTED, checkpoints);
        }
        String unhealthy = recheckTarget();
        if (unhealthy != null) {
          gateFailure = percent + "%: " + unhealthy;
          return rollBack(i - 1, StepKind.STEP_DOWN, Outcome.ROLLED_BACK, checkpoints);
        }
      }
      if (signals.abortRequested) {
        return rollBack(i - 1, StepKind.ABORT, Outcome.ABORTED, checkpoints);
      }
      checkpoints.entered(FailbackPhase.SHIFTING);
      String failed = runStep(percent, StepKind.SHIFT, true);
      if (signals.abortRequested) {
        return rollBack(i - 1, StepKind.ABORT, Outcome.ABORTED, checkpoints);
      }
      if (failed == null) {
        pastPointOfNoReturn = i == steps.size() - 1;
        if (percent == plan.switchDatabaseAt()) {
          checkpoints.reachedSwitchPoint();
        }
        i++;
        continue;
      }
      gateFailure = percent + "%: " + failed;
      if (plan.onGateFailure() == GateFailureAction.ROLLBACK) {
        return rollBack(i - 1, StepKind.STEP_DOWN, Outcome.ROLLED_BACK, checkpoints);
      }
      // Hold: back to the last split that passed, and wait there for a person.
      stepDownTo(i - 1, i - 1, StepKind.STEP_DOWN, checkpoints);
      checkpoints.entered(FailbackPhase.HELD);
      signals.held = true;
      Workflow.await(() -> !signals.held || signals.abortRequested);
      if (signals.abortRequested) {
        return rollBack(i - 2, StepKind.ABORT, Outcome.ABORTED, checkpoints);
      }
      gateFailure = null; // resumed: the failed step is tried again
    }
    return null;
  }

  /**
   * After an approval wait the returning site is probed again before its weight goes up; null when
   * healthy.
   */
  private String recheckTarget() {
    HealthReport report =
        timeline.run(
            "recheck-" + plan.target(),
            () -> probe(Async.function(health::probe, plan.service(), plan.target())),
            r -> r.summary());
    return report.healthy()
        ? null
        : plan.target() + " is not healthy after the approval wait: " + report.summary();
  }

  /**
   * Down through steps[fromStep], steps[fromStep-1], ... steps[0], one bake each, then the weights
   * the failback found.
   */
  private Outcome rollBack(int fromStep, StepKind kind, Outcome outcome, Checkpoints checkpoints) {
    stepDownTo(fromStep, -1, kind, checkpoints);
    return outcome;
  }

  /**
   * Down through steps[fromStep] to steps[downTo], one bake per step; downTo -1 ends at the weights
   * the failback found. A step whose weights are already set was baked on the way up and is not
   * baked again.
   */
  private void stepDownTo(int fromStep, int downTo, StepKind kind, Checkpoints checkpoints) {
    checkpoints.entered(
        kind == StepKind.ABORT ? FailbackPhase.ABORTING : FailbackPhase.ROLLING_BACK);
    for (int j = fromStep; j >= Math.max(0, downTo); j--) {
      if (!weights.equals(plan.weights(plan.steps().get(j)))) {
        runStep(plan.steps().get(j), kind, false);
      }
    }
    if (downTo < 0 && !weights.equals(initialWeights)) {
      int index = timeline.start(kind.step(0));
      weights = traffic.setWeights(plan.service(), initialWeights);
      long now = Workflow.currentTimeMillis();
      measurements.add(
          new StepMeasurement(
              initialWeights.getOrDefault(plan.target(), 0),
              kind.label(),
              weights,
              now,
              null,
              now,
              0,
              0,
              Map.of(),
              Map.of(),
              0,
              "not gated"));
      timeline.finish(
          index, StepStatus.COMPLETED, "weights " + weights + ", as before the failback");
    }
  }

  /**
   * Sets the step's weights and bakes; returns why its gate failed, or null. Stepping down is
   * measured, not gated.
   */
  private String runStep(int percent, StepKind kind, boolean gated) {
    int index = timeline.start(kind.step(percent));
    weights = traffic.setWeights(plan.service(), plan.weights(percent));
    long setAt = Workflow.currentTimeMillis();
    StepMeter meter =
        new StepMeter(
            percent, kind.label(), weights, setAt, setAt + plan.bakeMillis(), plan.target());
    measurements.add(meter.measurement(null, gated ? "baking" : "not gated"));
    String failed = bake(meter, gated);
    boolean aborted = gated && signals.abortRequested;
    String verdict =
        !gated
            ? "not gated"
            : aborted ? "cut short by abort" : failed == null ? "passed" : "failed: " + failed;
    measurements.set(
        measurements.size() - 1, meter.measurement(Workflow.currentTimeMillis(), verdict));
    timeline.finish(
        index,
        failed == null ? StepStatus.COMPLETED : StepStatus.FAILED,
        meter.summary() + "; gate " + verdict);
    return failed;
  }

  /**
   * The bake: a Temporal timer in slices of {@code sampleEvery}, each followed by a sample of the
   * front door. A pause holds the bake open (sampling goes on); an abort ends a gated bake at once.
   */
  private String bake(StepMeter meter, boolean gated) {
    long endsAt = meter.bakeEndsAt();
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
      Promise<HealthReport> probe = Async.function(health::probe, plan.service(), plan.target());
      TrafficSample sample = sample();
      meter.add(sample);
      measurements.set(
          measurements.size() - 1, meter.measurement(null, gated ? "baking" : "not gated"));
      String failed = gated ? gate.check(sample, probe(probe)) : null;
      if (failed != null) {
        return failed;
      }
    }
  }

  private TrafficSample sample() {
    try {
      return traffic.sampleFrontDoor(plan.service(), plan.sampleRequests());
    } catch (ActivityFailure e) {
      // A sample that cannot be taken is a failed sample: nobody answered.
      return new TrafficSample(
          plan.sampleRequests(),
          Map.of(),
          Map.of(TrafficSample.NO_SITE, plan.sampleRequests()),
          Map.of(),
          Workflow.currentTimeMillis());
    }
  }

  private HealthReport probe(Promise<HealthReport> probe) {
    return HealthProbes.orDown(plan.target(), probe::get);
  }

  Map<String, Integer> weights() {
    return weights;
  }

  List<StepMeasurement> measurements() {
    return List.copyOf(measurements);
  }

  /** Why the gate failed ({@code 50%: <why>}), while it stands; null otherwise. */
  String gateFailure() {
    return gateFailure;
  }

  /** The last step has baked: an abort is ignored from now on. */
  boolean pastPointOfNoReturn() {
    return pastPointOfNoReturn;
  }
}
