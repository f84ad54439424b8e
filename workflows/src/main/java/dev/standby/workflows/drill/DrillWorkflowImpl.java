package dev.standby.workflows.drill;

import dev.standby.activities.ReportActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.ServiceSpec;
import dev.standby.model.StepRecord;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.drill.BlackoutWindow;
import dev.standby.model.drill.DrillObjectives;
import dev.standby.model.drill.DrillProgress;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.DrillSpec;
import dev.standby.model.drill.DrillType;
import dev.standby.model.drill.StepAcknowledgement;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.workflows.ServiceAdmission;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.StepTimeline;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;

/**
 * A drill: admitted by its service, which gives the primary it starts from; resolve the service and
 * its drill settings, skip it in a blackout window, run the tabletop walk or the failover drill,
 * write the report and tell the service how it ended. The verdict follows from what the drill
 * found, whichever way it ended.
 */
public class DrillWorkflowImpl implements DrillWorkflow {
  private final TopologyActivities topology = Workflow.newActivityStub(TopologyActivities.class);
  private final ReportActivities reports = Workflow.newActivityStub(ReportActivities.class);
  private final ServiceAdmission admission = new ServiceAdmission();

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
    // Reading the topology changes nothing: a drill in a blackout window ends before it holds the
    // service or pauses its monitor.
    ServiceSpec spec =
        timeline.run(
            "resolve-service",
            () -> topology.describeService(service),
            s ->
                "sites "
                    + s.sites()
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
    findings.objectives =
        (request.objectives() == null
                ? new DrillObjectives(null, null, null, null)
                : request.objectives())
            .resolve(spec);
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

    // A tabletop or a practice changes nothing in production, so the service's monitor keeps
    // watching (and a real outage meanwhile preempts them: see OperationKind); the others move or
    // break the primary on purpose.
    admission.admit(
        timeline,
        service,
        OperationKind.DRILL,
        type != DrillType.TABLETOP && type != DrillType.PRACTICE,
        request.requestedBy(),
        null);
    if (admission.skipped()) {
      // Nothing ran, so there is no report to write: the result says why.
      findings.outcome = DrillResult.Outcome.SKIPPED;
      findings.reasons.add(admission.refusal());
      state = DrillProgress.State.SKIPPED;
      return result(request, startedAt, null);
    }
    if (!admission.admitted()) {
      state = DrillProgress.State.FAILED;
      throw admission.refused();
    }
    try {
      return admission.run(() -> admitted(request, spec, drill, startedAt), this::report);
    } catch (RuntimeException e) {
      if (state == DrillProgress.State.RUNNING) {
        state = DrillProgress.State.FAILED;
      }
      throw e;
    }
  }

  private DrillResult admitted(
      DrillRequest request, ServiceSpec spec, DrillSpec drill, long startedAt) {
    // The drill starts from the service as it is now, not as the topology began it.
    findings.source = admission.state().primarySite();
    findings.target = DrillTarget.choose(spec, admission.state());
    findings.spec = spec;
    findings.before = admission.state();
    StandbySearchAttributes.upsert(service, "drill", findings.source);

    try {
      switch (request.type()) {
        case TABLETOP -> tabletop.walk(request, findings);
        case SIMULATED, CHAOS -> {
          if (findings.target == null) {
            findings.reasons.add(
                service
                    + " has no standby to fail over to from "
                    + findings.source
                    + ": "
                    + admission.state().protection());
          } else {
            new FailoverDrill(request, drill, timeline, findings, () -> stopReason).run();
          }
        }
        case PRACTICE -> {
          if (findings.target == null) {
            findings.reasons.add(
                service
                    + " has no standby to practice a failover to from "
                    + findings.source
                    + ": "
                    + admission.state().protection());
          } else {
            practice();
          }
        }
        default -> throw new IllegalStateException("unknown drill type " + request.type());
      }
    } catch (DrillStopped stopped) {
      findings.outcome = DrillResult.Outcome.ABORTED;
      findings.reasons.add(0, stopped.getMessage());
    } catch (RuntimeException e) {
      if (!canceled()) {
        findings.reasons.add(
            "step " + timeline.currentStep() + " failed: " + StepTimeline.rootMessage(e));
      }
    }
    if (canceled()) {
      findings.outcome = DrillResult.Outcome.ABORTED;
      findings.reasons.add(0, "the drill was canceled in step " + timeline.currentStep());
      // The step the cancellation interrupted ends here, not left running in the report.
      List<StepRecord> steps = timeline.steps();
      for (int i = 0; i < steps.size(); i++) {
        if (steps.get(i).status() == StepStatus.RUNNING) {
          timeline.finish(i, StepStatus.FAILED, "canceled");
        }
      }
    }
    if (findings.outcome == null) {
      findings.outcome =
          findings.reasons.isEmpty() ? DrillResult.Outcome.PASSED : DrillResult.Outcome.FAILED;
    }
    DrillResult result = finish(request, startedAt);
    if (canceled()) {
      // The report is written; the run ends canceled, and its service hears CANCELED.
      throw new CanceledFailure("drill " + Workflow.getInfo().getWorkflowId() + " canceled");
    }
    return result;
  }

  private void practice() {
    ServiceSpec spec = topology.describeService(service);
    new PracticeDrill(
            service, spec.rpoMillis(), topology.describePractice(service), timeline, findings)
        .run();
    timeline.run(
        "measure",
        () -> {
          List<String> misses = DrillVerdict.misses(findings.objectives, findings.rto, null, null);
          Long age = findings.practice.dataAgeMillis();
          if (age != null && age > findings.objectives.rpoMillis()) {
            misses.add(
                "the clone's data was "
                    + age
                    + " ms old, past the RPO objective of "
                    + findings.objectives.rpoMillis()
                    + " ms");
          }
          findings.reasons.addAll(misses);
          return misses;
        },
        misses ->
            "would-be RTO "
                + findings.rto
                + " ms (objective "
                + findings.objectives.rtoMillis()
                + " ms), data "
                + findings.practice.dataAgeMillis()
                + " ms old (RPO objective "
                + findings.objectives.rpoMillis()
                + " ms)"
                + (misses.isEmpty() ? "" : ": " + String.join("; ", misses)));
  }

  /** Whether the drill itself was canceled (by a person, or by its service for a failover). */
  private static boolean canceled() {
    return CancellationScope.current().isCancelRequested();
  }

  private DrillResult finish(DrillRequest request, long startedAt) {
    // Detached: a canceled drill writes its report too.
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                reportLocation =
                    timeline.run(
                        "write-report",
                        () -> reports.writeDrillReport(result(request, startedAt, null)),
                        location -> location);
                Workflow.upsertMemo(Map.of("report", reportLocation));
              } catch (RuntimeException e) {
                // The drill's result stands without its report; the run says why there is none.
                findings.reasons.add(
                    "the report could not be written: " + StepTimeline.rootMessage(e));
              }
            })
        .run();
    state = DrillProgress.State.endedAs(findings.outcome);
    return result(request, startedAt, reportLocation);
  }

  /**
   * What the service records of this drill: its outcome, measurements and where it left the
   * primary.
   */
  private OperationReport report(DrillResult result) {
    OperationOutcome outcome =
        switch (result.outcome()) {
          case PASSED -> OperationOutcome.COMPLETED;
          case FAILED -> OperationOutcome.FAILED;
          case ABORTED -> OperationOutcome.CANCELED;
          case SKIPPED -> OperationOutcome.SKIPPED;
        };
    OperationReport report =
        admission
            .report(
                outcome,
                result.reasons().isEmpty()
                    ? type + " drill " + result.outcome()
                    : String.join("; ", result.reasons()))
            .subtype(type.name())
            .measured(findings.rto, findings.lost, findings.window)
            .withSteps(timeline.steps());
    boolean failedOver = findings.failover != null;
    boolean cameBack =
        findings.failback != null
            && findings.failback.outcome() == FailbackResult.Outcome.COMPLETED;
    return failedOver && !cameBack ? report.moved(findings.source, findings.target, false) : report;
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
        location,
        findings.practice,
        DrillSites.report(findings));
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
