package dev.standby.workflows.drill;

import dev.standby.activities.ReportActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.model.BlackoutWindow;
import dev.standby.model.DrillObjectives;
import dev.standby.model.DrillProgress;
import dev.standby.model.DrillRequest;
import dev.standby.model.DrillResult;
import dev.standby.model.DrillSpec;
import dev.standby.model.DrillType;
import dev.standby.model.FailureType;
import dev.standby.model.ServiceSpec;
import dev.standby.model.StepAcknowledgement;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.TabletopStep;
import dev.standby.workflows.Failures;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.StepTimeline;
import io.temporal.workflow.Workflow;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A drill: resolve the service and its drill settings, skip it in a blackout window, run the tabletop walk or the
 * failover drill, and write the report. The verdict follows from what the drill found, whichever way it ended.
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
  private String state = "RUNNING";
  private String reportLocation;

  @Override
  public DrillResult drill(DrillRequest request) {
    validate(request);
    service = request.service();
    type = request.type();
    long startedAt = Workflow.currentTimeMillis();
    ServiceSpec spec = timeline.run("resolve-service", () -> topology.describeService(service),
        s -> "sites " + s.sites() + ", primary " + s.primarySite() + ", RTO " + s.rtoMillis() + " ms, RPO " + s.rpoMillis() + " ms");
    DrillSpec drill = timeline.run("resolve-drill", () -> topology.describeDrill(service),
        d -> d.measuresWrites() ? "write load of " + d.writers() + " writers, baseline " + d.baselineMillis()
            + " ms, settle " + d.settleMillis() + " ms" : "no write load");
    StandbySearchAttributes.upsert(service, "drill", spec.primarySite());
    findings.objectives = (request.objectives() == null ? new DrillObjectives(null, null, null, null)
        : request.objectives()).resolve(spec);
    findings.source = spec.primarySite();
    findings.target = spec.otherSite(findings.source);

    BlackoutWindow blackout = drill.blackoutAt(Workflow.currentTimeMillis());
    if (blackout != null) {
      timeline.finish(timeline.start("check-blackout"), StepStatus.SKIPPED, "in the blackout window " + blackout.reason());
      findings.outcome = DrillResult.SKIPPED;
      findings.reasons.add("no drill may start in the blackout window " + blackout.reason());
      return finish(request, startedAt);
    }

    try {
      switch (request.type()) {
        case TABLETOP -> tabletop.walk(request, findings);
        case SIMULATED, CHAOS -> new FailoverDrill(request, drill, timeline, findings, () -> stopReason).run();
        default -> throw new IllegalStateException("unknown drill type " + request.type());
      }
    } catch (DrillStopped stopped) {
      findings.outcome = DrillResult.ABORTED;
      findings.reasons.add(0, stopped.getMessage());
    } catch (RuntimeException e) {
      findings.reasons.add("step " + timeline.currentStep() + " failed: " + StepTimeline.rootMessage(e));
    }
    if (findings.outcome == null) {
      findings.outcome = findings.reasons.isEmpty() ? DrillResult.PASSED : DrillResult.FAILED;
    }
    return finish(request, startedAt);
  }

  private DrillResult finish(DrillRequest request, long startedAt) {
    try {
      reportLocation = timeline.run("write-report", () -> reports.writeDrillReport(result(request, startedAt, null)),
          location -> location);
      Workflow.upsertMemo(Map.of("report", reportLocation));
    } catch (RuntimeException e) {
      // The drill's result stands without its report; the run says why there is none.
      findings.reasons.add("the report could not be written: " + StepTimeline.rootMessage(e));
    }
    state = findings.outcome;
    return result(request, startedAt, reportLocation);
  }

  private DrillResult result(DrillRequest request, long startedAt, String location) {
    boolean tabletopDrill = request.type() == DrillType.TABLETOP;
    return new DrillResult(service, request.type(), request.type() == DrillType.CHAOS ? request.faultOrDefault() : null,
        findings.outcome, List.copyOf(findings.reasons), tabletopDrill ? null : findings.source,
        tabletopDrill ? null : findings.target, startedAt, Workflow.currentTimeMillis(), findings.objectives,
        findings.rto, findings.lost, findings.window, findings.fault, findings.failover, findings.load, findings.checks,
        findings.consistency, findings.failback, findings.tabletop, timeline.steps(), Workflow.getInfo().getWorkflowId(),
        Workflow.getInfo().getRunId(), location);
  }

  private static void validate(DrillRequest request) {
    if (request == null || request.service() == null || request.service().isBlank()) {
      throw Failures.of(FailureType.INVALID_INPUT, "drill request: 'service' is required");
    }
    if (request.type() == null) {
      throw Failures.of(FailureType.INVALID_INPUT, "drill request: 'type' is required (TABLETOP, SIMULATED or CHAOS)");
    }
    if (request.objectives() != null && request.objectives().problem() != null) {
      throw Failures.of(FailureType.INVALID_INPUT, "drill request: " + request.objectives().problem());
    }
    if (request.type() == DrillType.TABLETOP) {
      if (request.steps() == null || request.steps().isEmpty()) {
        throw Failures.of(FailureType.INVALID_INPUT, "drill request: a tabletop drill needs 'steps' (name, owner, estimatedMillis)");
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < request.steps().size(); i++) {
        TabletopStep s = request.steps().get(i);
        if (s == null || s.name() == null || s.name().isBlank()) {
          throw Failures.of(FailureType.INVALID_INPUT, "drill request: steps[" + i + "].name is required");
        }
        if (!names.add(s.name())) {
          throw Failures.of(FailureType.INVALID_INPUT, "drill request: steps[" + i + "].name '" + s.name() + "' is used twice");
        }
        if (s.estimatedMillis() <= 0) {
          throw Failures.of(FailureType.INVALID_INPUT, "drill request: steps[" + i + "].estimatedMillis must be positive");
        }
      }
    } else if (request.steps() != null && !request.steps().isEmpty()) {
      throw Failures.of(FailureType.INVALID_INPUT, "drill request: 'steps' are for tabletop drills only");
    }
    if (request.type() != DrillType.CHAOS && request.fault() != null) {
      throw Failures.of(FailureType.INVALID_INPUT, "drill request: 'fault' is for chaos drills only");
    }
    if (request.stop() != null && (request.stop().maxErrorRate() == null) != (request.stop().windowMillis() == null)) {
      throw Failures.of(FailureType.INVALID_INPUT, "drill request: stop needs both maxErrorRate and windowMillis");
    }
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
    return new DrillProgress(service, type, state, timeline.currentStep(), timeline.steps(), tabletop.waitingFor(),
        reportLocation);
  }
}
