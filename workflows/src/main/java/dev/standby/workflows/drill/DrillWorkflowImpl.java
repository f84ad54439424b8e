package dev.standby.workflows.drill;

import dev.standby.activities.ReportActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.ServiceSpec;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.drill.BlackoutWindow;
import dev.standby.model.drill.DrillObjectives;
import dev.standby.model.drill.DrillProgress;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.DrillSpec;
import dev.standby.model.drill.DrillType;
import dev.standby.model.drill.StepAcknowledgement;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.StepTimeline;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;

/**
 * A drill: resolve the service and its drill settings, skip it in a blackout window, run the
 * tabletop walk or the failover drill, and write the report. The verdict follows from what the
 * drill found, whichever way it ended.
 */
public class DrillWorkflowImpl implements DrillWorkflow {
  private final TopologyActivities topology = Workflow.newActivityStub(TopologyActivities.class);
  private final ReportActivities reports = Workflow.newActivityStub(ReportActivities.class);

  private final StepTimeline timeline = new StepTimeline();
  private final DrillFindings findings = new DrillFindings();
  private String stopReason;
  private final TabletopWalk tabletop = new TabletopWalk(timeline, () -> stopReason);
  private String service;
  private DrillType type;
  private DrillProgress.State state = DrillProgress.State.RUNNING;
  private String reportLocation;

  @Override
  public DrillResult drill(DrillRequest request) {
    String problem = DrillRequest.problem(request);
    if (problem != null) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, problem);
    }
    service = request.service();
    type = request.type();
    long startedAt = Workflow.currentTimeMillis();
    ServiceSpec spec =
        timeline.run(
            "resolve-service",
            () -> topology.describeService(service),
            s ->
                "sites "
                    + s.sites()
                    + ", primary "
                    + s.primarySite()
                    + ", RTO "
                    + s.rtoMillis()
                    + " ms, RPO "
                    + s.rpoMillis()
                    + " ms");
    DrillSpec drill =
        timeline.run(
            "resolve-drill",
            () -> topology.describeDrill(service),
            d ->
                d.measuresWrites()
                    ? "write load of "
                        + d.writers()
                        + " writers, baseline "
                        + d.baselineMillis()
                        + " ms, settle "
                        + d.settleMillis()
                        + " ms"
                    : "no write load");
    StandbySearchAttributes.upsert(service, "drill", spec.primarySite());
    findings.objectives =
        (request.objectives() == null
                ? new DrillObjectives(null, null, null, null)
                : request.objectives())
            .resolve(spec);
    findings.source = spec.primarySite();
    findings.target = spec.otherSite(findings.source);

    BlackoutWindow blackout = drill.blackoutAt(Workflow.currentTimeMillis());
    if (blackout != null) {
      timeline.finish(
          timeline.start("check-blackout"),
          StepStatus.SKIPPED,
          "in the blackout window " + blackout.reason());
      findings.outcome = DrillResult.Outcome.SKIPPED;
      findings.reasons.add("no drill may start in the blackout window " + blackout.reason());
      return finish(request, startedAt);
    }

    try {
      switch (request.type()) {
        case TABLETOP -> tabletop.walk(request, findings);
        case SIMULATED, CHAOS ->
            new FailoverDrill(request, drill, timeline, findings, () -> stopReason).run();
        default -> throw new IllegalStateException("unknown drill type " + request.type());
      }
    } catch (DrillStopped stopped) {
      findings.outcome = DrillResult.Outcome.ABORTED;
      findings.reasons.add(0, stopped.getMessage());
    } catch (RuntimeException e) {
      findings.reasons.add(
          "step " + timeline.currentStep() + " failed: " + StepTimeline.rootMessage(e));
    }
    if (findings.outcome == null) {
      findings.outcome =
          findings.reasons.isEmpty() ? DrillResult.Outcome.PASSED : DrillResult.Outcome.FAILED;
    }
    return finish(request, startedAt);
  }

  private DrillResult finish(DrillRequest request, long startedAt) {
    try {
      reportLocation =
          timeline.run(
              "write-report",
              () -> reports.writeDrillReport(result(request, startedAt, null)),
              location -> location);
      Workflow.upsertMemo(Map.of("report", reportLocation));
    } catch (RuntimeException e) {
      // The drill's result stands without its report; the run says why there is none.
      findings.reasons.add("the report could not be written: " + StepTimeline.rootMessage(e));
    }
    state = DrillProgress.State.endedAs(findings.outcome);
    return result(request, startedAt, reportLocation);
  }

  private DrillResult result(DrillRequest request, long startedAt, String location) {
    boolean tabletopDrill = request.type() == DrillType.TABLETOP;
    return new DrillResult(
        service,
        request.type(),
        request.type() == DrillType.CHAOS ? request.faultOrDefault() : null,
        findings.outcome,
        List.copyOf(findings.reasons),
        tabletopDrill ? null : findings.source,
        tabletopDrill ? null : findings.target,
        startedAt,
        Workflow.currentTimeMillis(),
        findings.objectives,
        findings.rto,
        findings.lost,
        findings.window,
        findings.fault,
        findings.failover,
        findings.load,
        findings.checks,
        findings.consistency,
        findings.failback,
        findings.tabletop,
        timeline.steps(),
        Workflow.getInfo().getWorkflowId(),
        Workflow.getInfo().getRunId(),
        location);
  }

  @Override
  public void acknowledge(StepAcknowledgement acknowledgement) {
    tabletop.acknowledge(acknowledgement);
  }

  @Override
  public void stop(String reason) {
    if (stopReason == null) {
      stopReason = reason == null || reason.isBlank() ? "no reason given" : reason;
    }
  }

  @Override
  public DrillProgress progress() {
    return new DrillProgress(
        service,
        type,
        state,
        timeline.currentStep(),
        timeline.steps(),
        tabletop.waitingFor(),
        reportLocation);
  }
}
