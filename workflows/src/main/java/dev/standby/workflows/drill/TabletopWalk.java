package dev.standby.workflows.drill;

import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.StepAcknowledgement;
import dev.standby.model.drill.TabletopStep;
import dev.standby.workflows.StepTimeline;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A tabletop drill: people walk the recovery step by step, each step waits for someone to
 * acknowledge it, and is timed from its start to that acknowledgement. A step nobody acknowledges
 * in time fails the drill, and the walk goes on to the next; an operator's stop ends it. Steps may
 * name sites ({@code {source}}, {@code {target}}, {@code {replica}}): {@link TabletopSites} names
 * them as the failover the walk rehearses would, and people acknowledge the named step.
 */
final class TabletopWalk {
  private final StepTimeline timeline;
  private final Supplier<String> stopReason;
  private final Map<String, StepAcknowledgement> acknowledgements = new LinkedHashMap<>();
  private final Map<String, Long> acknowledgedAt = new LinkedHashMap<>();
  private String waitingFor;

  TabletopWalk(StepTimeline timeline, Supplier<String> stopReason) {
    this.timeline = timeline;
    this.stopReason = stopReason;
  }

  /**
   * Signals may come before the step starts; repeats change nothing, as the first one timed the
   * step.
   */
  void acknowledge(StepAcknowledgement acknowledgement) {
    if (acknowledgement == null
        || acknowledgement.step() == null
        || acknowledgements.containsKey(acknowledgement.step())) {
      return;
    }
    acknowledgements.put(acknowledgement.step(), acknowledgement);
    acknowledgedAt.put(acknowledgement.step(), Workflow.currentTimeMillis());
  }

  /** The step waiting for its acknowledgement, or null. */
  String waitingFor() {
    return waitingFor;
  }

  void walk(DrillRequest request, DrillFindings findings) {
    findings.tabletop = new ArrayList<>();
    long walkStart = Workflow.currentTimeMillis();
    List<TabletopStep> steps = request.steps();
    if (TabletopSites.namesSites(steps)) {
      if (findings.target == null) {
        findings.reasons.add(
            "no standby could take over from "
                + findings.source
                + ": the steps' {target} and {replica} name no site");
        return;
      }
      List<String> others = new ArrayList<>(findings.spec.candidates(findings.source));
      others.remove(findings.target);
      steps = TabletopSites.name(steps, findings.source, findings.target, others);
    }
    for (TabletopStep step : steps) {
      long timeout =
          request.stepTimeoutMillis() != null
              ? request.stepTimeoutMillis()
              : 3 * step.estimatedMillis();
      int index = timeline.start(step.name());
      long stepStart = Workflow.currentTimeMillis();
      waitingFor = step.name();
      boolean done =
          Workflow.await(
              Duration.ofMillis(timeout),
              () -> acknowledgements.containsKey(step.name()) || stopReason.get() != null);
      waitingFor = null;
      if (stopReason.get() != null) {
        timeline.finish(index, StepStatus.FAILED, "drill stopped: " + stopReason.get());
        throw new DrillStopped("stopped by an operator: " + stopReason.get());
      }
      if (!done) {
        timeline.finish(
            index,
            StepStatus.FAILED,
            "not acknowledged within " + timeout + " ms (owner " + step.owner() + ")");
        findings.tabletop.add(
            new DrillResult.TabletopOutcome(
                step.name(), step.owner(), step.estimatedMillis(), null, null, null));
        findings.reasons.add(
            "step '" + step.name() + "' was not acknowledged within " + timeout + " ms");
        continue;
      }
      StepAcknowledgement ack = acknowledgements.get(step.name());
      long taken = Math.max(0, acknowledgedAt.get(step.name()) - stepStart);
      timeline.finish(
          index,
          StepStatus.COMPLETED,
          "acknowledged by "
              + ack.by()
              + " after "
              + taken
              + " ms (estimate "
              + step.estimatedMillis()
              + " ms)"
              + (ack.note() == null ? "" : ": " + ack.note()));
      findings.tabletop.add(
          new DrillResult.TabletopOutcome(
              step.name(), step.owner(), step.estimatedMillis(), taken, ack.by(), ack.note()));
    }
    // A tabletop's RTO is the time its people took to walk the whole recovery, when they walked all
    // of it.
    if (findings.reasons.isEmpty()) {
      findings.rto = Workflow.currentTimeMillis() - walkStart;
      findings.reasons.addAll(DrillVerdict.misses(findings.objectives, findings.rto, null, null));
    }
  }
}
