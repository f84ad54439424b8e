package dev.standby.workflows.drill;

import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.FaultActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.ReportActivities;
import dev.standby.activities.RunActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.activities.WriteLoadActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.ServiceSpec;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.TableChecksum;
import dev.standby.model.drill.BlackoutWindow;
import dev.standby.model.drill.DrillObjectives;
import dev.standby.model.drill.DrillProgress;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.DrillSpec;
import dev.standby.model.drill.DrillType;
import dev.standby.model.drill.FaultKind;
import dev.standby.model.drill.FaultRecord;
import dev.standby.model.drill.StepAcknowledgement;
import dev.standby.model.drill.StopConditions;
import dev.standby.model.drill.TabletopStep;
import dev.standby.model.drill.WriteLoadPlan;
import dev.standby.model.drill.WriteLoadReport;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.health.CheckResult;
import dev.standby.model.health.HealthReport;
import dev.standby.model.monitor.MonitorRequest;
import dev.standby.model.monitor.MonitorResult;
import dev.standby.model.traffic.ServingReport;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.StepTimeline;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failback.FailbackWorkflow;
import dev.standby.workflows.failover.FailoverWorkflow;
import dev.standby.workflows.monitor.HealthMonitorWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class DrillWorkflowImpl implements DrillWorkflow {
  static final long DEFAULT_LATENCY_MILLIS = 2_000;
  static final int VERIFY_REQUESTS = 10;

  private final TopologyActivities topology = Workflow.newActivityStub(TopologyActivities.class);
  private final HealthActivities health = Workflow.newActivityStub(HealthActivities.class);
  private final DatabaseActivities database = Workflow.newActivityStub(DatabaseActivities.class);
  private final TrafficActivities traffic = Workflow.newActivityStub(TrafficActivities.class);
  private final FaultActivities faults = Workflow.newActivityStub(FaultActivities.class);
  private final WriteLoadActivities writeLoad = Workflow.newActivityStub(WriteLoadActivities.class);
  private final RunActivities runs = Workflow.newActivityStub(RunActivities.class);
  private final ReportActivities reports = Workflow.newActivityStub(ReportActivities.class);

  private final StepTimeline timeline = new StepTimeline();
  private final Map<String, StepAcknowledgement> acknowledgements = new LinkedHashMap<>();
  private final Map<String, Long> acknowledgedAt = new LinkedHashMap<>();
  private String stopReason;
  private String service;
  private DrillType type;
  private String state = "RUNNING";
  private String waitingFor;
  private String reportLocation;

  /** What the run has gathered so far; the result and the report are built from it whichever way the drill ends. */
  private final Outcome o = new Outcome();

  private static final class Outcome {
    final List<String> reasons = new ArrayList<>();
    String verdict;
    String source;
    String target;
    DrillObjectives.Resolved objectives;
    Long rto;
    Long lost;
    Long window;
    FaultRecord fault;
    FailoverResult failover;
    WriteLoadReport load;
    List<CheckResult> checks;
    List<DrillResult.TableComparison> consistency;
    FailbackResult failback;
    List<DrillResult.TabletopOutcome> tabletop;
  }

  @Override
  public DrillResult drill(DrillRequest request) {
    validate(request);
    service = request.service();
    type = request.type();
    long startedAt = Workflow.currentTimeMillis();
    ServiceSpec spec = timeline.run("resolve-service", () -> topology.describeService(service),
        s -> "sites " + s.sites() + ", primary " + s.primarySite() + ", RTO " + s.rtoMillis() + " ms, RPO " + s.rpoMillis() + " ms");
    DrillSpec drill = topology.describeDrill(service);
    StandbySearchAttributes.upsert(service, "drill", spec.primarySite());
    o.objectives = (request.objectives() == null ? new DrillObjectives(null, null, null, null) : request.objectives())
        .resolve(spec);
    o.source = spec.primarySite();
    o.target = spec.otherSite(o.source);

    BlackoutWindow blackout = drill.blackoutAt(Workflow.currentTimeMillis());
    if (blackout != null) {
      timeline.finish(timeline.start("check-blackout"), StepStatus.SKIPPED, "in the blackout window " + blackout.reason());
      o.verdict = DrillResult.SKIPPED;
      o.reasons.add("no drill may start in the blackout window " + blackout.reason());
      return finish(request, startedAt);
    }

    try {
      switch (request.type()) {
        case TABLETOP -> tabletop(request);
        case SIMULATED, CHAOS -> failoverDrill(request, drill);
        default -> throw new IllegalStateException("unknown drill type " + request.type());
      }
    } catch (DrillStopped stopped) {
      o.verdict = DrillResult.ABORTED;
      o.reasons.add(0, stopped.getMessage());
    } catch (RuntimeException e) {
      o.reasons.add("step " + timeline.currentStep() + " failed: " + StepTimeline.rootMessage(e));
    }
    if (o.verdict == null) {
      o.verdict = o.reasons.isEmpty() ? DrillResult.PASSED : DrillResult.FAILED;
    }
    return finish(request, startedAt);
  }

  // ---------------------------------------------------------------- tabletop

  private void tabletop(DrillRequest request) {
    o.tabletop = new ArrayList<>();
    long walkStart = Workflow.currentTimeMillis();
    for (TabletopStep step : request.steps()) {
      long timeout = request.stepTimeoutMillis() != null ? request.stepTimeoutMillis() : 3 * step.estimatedMillis();
      int index = timeline.start(step.name());
      long stepStart = Workflow.currentTimeMillis();
      waitingFor = step.name();
      boolean done = Workflow.await(Duration.ofMillis(timeout),
          () -> acknowledgements.containsKey(step.name()) || stopReason != null);
      waitingFor = null;
      if (stopReason != null) {
        timeline.finish(index, StepStatus.FAILED, "drill stopped: " + stopReason);
        throw new DrillStopped("stopped by an operator: " + stopReason);
      }
      if (!done) {
        timeline.finish(index, StepStatus.FAILED, "not acknowledged within " + timeout + " ms (owner " + step.owner() + ")");
        o.tabletop.add(new DrillResult.TabletopOutcome(step.name(), step.owner(), step.estimatedMillis(), null, null, null));
        o.reasons.add("step '" + step.name() + "' was not acknowledged within " + timeout + " ms");
        continue;
      }
      StepAcknowledgement ack = acknowledgements.get(step.name());
      long taken = Math.max(0, acknowledgedAt.get(step.name()) - stepStart);
      timeline.finish(index, StepStatus.COMPLETED, "acknowledged by " + ack.by() + " after " + taken + " ms (estimate "
          + step.estimatedMillis() + " ms)" + (ack.note() == null ? "" : ": " + ack.note()));
      o.tabletop.add(new DrillResult.TabletopOutcome(step.name(), step.owner(), step.estimatedMillis(), taken, ack.by(),
          ack.note()));
    }
    // A tabletop's RTO is the time its people took to walk the whole recovery, when they walked all of it.
    if (o.reasons.isEmpty()) {
      o.rto = Workflow.currentTimeMillis() - walkStart;
      o.reasons.addAll(DrillVerdict.misses(o.objectives, o.rto, null, null));
    }
  }

  // ---------------------------------------------------------------- simulated and chaos

  private void failoverDrill(DrillRequest request, DrillSpec drill) {
    String source = o.source;
    String target = o.target;
    Promise<HealthReport> sourceHealth = Async.function(health::probe, service, source);
    Promise<HealthReport> targetHealth = Async.function(health::probe, service, target);
    Promise<ReplicationStatus> sourceDb = Async.function(database::replicationStatus, service, source);
    Promise<ReplicationStatus> targetDb = Async.function(database::replicationStatus, service, target);
    timeline.run("baseline-health", () -> baseline(sourceHealth.get(), targetHealth.get(), sourceDb.get(), targetDb.get()),
        d -> d);

    List<TableChecksum> snapshot = drill.tables().isEmpty() ? List.of() : timeline.run("consistency-snapshot",
        () -> database.checksums(service, source, drill.tables(), null), DrillWorkflowImpl::describeChecksums);

    StopConditions stop = request.stop() != null ? request.stop() : drill.stop();
    CancellationScope loadScope = null;
    Promise<WriteLoadReport> load = null;
    int loadStep = -1;
    if (drill.measuresWrites()) {
      WriteLoadPlan plan = new WriteLoadPlan(service, DrillResult.reportKey(Workflow.getInfo().getWorkflowId(),
          Workflow.getInfo().getRunId()), target, drill.writers(), drill.settleMillis(), drill.maxLoadMillis(), stop);
      loadStep = timeline.start("write-load");
      List<Promise<WriteLoadReport>> holder = new ArrayList<>();
      loadScope = Workflow.newCancellationScope(() -> holder.add(Async.function(writeLoad::run, plan)));
      loadScope.run();
      load = holder.get(0);
      Workflow.sleep(Duration.ofMillis(drill.baselineMillis()));
    } else {
      o.reasons.add("no write load configured (drill.writeLoad): RPO not measured");
    }

    try {
      long clockStart;
      if (request.type() == DrillType.SIMULATED) {
        o.failover = timeline.run("failover", () -> startFailover(source, target), DrillWorkflowImpl::describe);
        clockStart = o.failover.startedAtMillis();
      } else {
        chaos(request, source, target, load);
        clockStart = o.fault.atMillis();
      }
      if (load != null) {
        WriteLoadReport report = load.get();
        o.load = report;
        timeline.finish(loadStep, report.stoppedBy().equals(WriteLoadReport.SETTLED) ? StepStatus.COMPLETED
            : StepStatus.FAILED, describe(report));
        loadStep = -1;
        if (report.stoppedBy().equals(WriteLoadReport.GUARD)) {
          throw new DrillStopped("stop condition: " + report.guardDetail());
        }
        if (report.firstTargetAckAtMillis() != null && report.stoppedBy().equals(WriteLoadReport.SETTLED)) {
          o.rto = report.firstTargetAckAtMillis() - clockStart;
          o.lost = report.lost();
          o.window = report.lossWindowMillis();
        } else {
          o.reasons.add("the write load never saw " + target + " serve a write (" + report.stoppedBy() + ")");
        }
      } else if (o.failover != null) {
        o.rto = o.failover.rtoMillis();
      }
    } catch (RuntimeException e) {
      if (loadScope != null && loadStep >= 0) {
        WriteLoadReport ended = load.isCompleted() ? loadReport(load) : null;
        if (ended != null) {
          o.load = ended;
          timeline.finish(loadStep, StepStatus.FAILED, describe(ended));
        } else {
          loadScope.cancel();
          timeline.finish(loadStep, StepStatus.FAILED, "cancelled: the drill stopped");
        }
      }
      restoreAfterAbort(request, source);
      throw e;
    }

    timeline.run("verify-target", () -> traffic.verifyServing(service, target, VERIFY_REQUESTS),
        r -> r.servedBy(target) + "/" + r.requests() + " requests served by " + target);
    if (!drill.checks().isEmpty()) {
      o.checks = timeline.run("integration-checks", () -> health.runChecks(service, target),
          list -> list.stream().filter(CheckResult::passed).count() + "/" + list.size() + " passed");
      o.checks.stream().filter(c -> !c.passed())
          .forEach(c -> o.reasons.add("integration check '" + c.name() + "' failed on " + target + ": " + c.detail()));
    }
    if (!snapshot.isEmpty()) {
      o.consistency = timeline.run("data-consistency", () -> compare(snapshot, database.checksums(service, target,
          drill.tables(), maxKeys(snapshot))), list -> list.stream().filter(DrillResult.TableComparison::matches).count()
          + "/" + list.size() + " tables match the snapshot");
      o.consistency.stream().filter(t -> !t.matches()).forEach(t -> o.reasons.add("table " + t.table()
          + " on " + target + " differs from the snapshot (" + t.snapshotRows() + " rows, " + t.targetRows() + " now)"));
    }
    timeline.run("measure", () -> {
      List<String> misses = DrillVerdict.misses(o.objectives, o.rto, o.lost, o.window);
      o.reasons.addAll(misses);
      return misses;
    }, misses -> "RTO " + o.rto + " ms (objective " + o.objectives.rtoMillis() + " ms), " + (o.lost == null
        ? "RPO not measured" : o.lost + " acknowledged writes lost over " + o.window + " ms (objective "
        + o.objectives.rpoMillis() + " ms)") + (misses.isEmpty() ? "" : ": " + String.join("; ", misses)));

    if (request.type() == DrillType.CHAOS) {
      timeline.run("clear-fault", () -> faults.clear(service, source, request.faultOrDefault()), FaultRecord::detail);
    }
    if (request.failsBack()) {
      o.failback = timeline.run("failback", () -> startFailback(source), r -> r.outcome() + " in "
          + (r.completedAtMillis() - r.startedAtMillis()) + " ms");
      if (!FailbackResult.COMPLETED.equals(o.failback.outcome())) {
        o.reasons.add("the failback ended " + o.failback.outcome() + ": " + o.failback.gateFailure());
      }
      timeline.run("verify-primary", () -> verifyPrimary(source), d -> d);
    }
  }

  private void chaos(DrillRequest request, String source, String target, Promise<WriteLoadReport> load) {
    FaultKind kind = request.faultOrDefault();
    HealthMonitorWorkflow monitor = Workflow.newChildWorkflowStub(HealthMonitorWorkflow.class,
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.monitor(service))
            // The drill's monitor watches for the drill only: it goes when the drill goes.
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
            .setTypedSearchAttributes(StandbySearchAttributes.of(service, "monitor", source))
            .build());
    List<Promise<MonitorResult>> holder = new ArrayList<>();
    CancellationScope monitorScope = Workflow.newCancellationScope(() -> holder.add(Async.function(monitor::monitor,
        new MonitorRequest(service, source, target, null, request.monitorFailureThreshold(), null, null))));
    timeline.run("start-monitor", () -> {
      monitorScope.run();
      try {
        Workflow.getWorkflowExecution(monitor).get();
      } catch (ChildWorkflowFailure e) {
        throw Failures.nonRetryable(FailureType.INVALID_INPUT, "a health monitor " + WorkflowIds.monitor(service)
            + " is already running: stop it first, the chaos drill watches with its own");
      }
      return WorkflowIds.monitor(service);
    }, id -> "watching " + source + " (" + id + ")");
    Promise<MonitorResult> detection = holder.get(0);
    long latency = request.latencyMillis() != null ? request.latencyMillis() : DEFAULT_LATENCY_MILLIS;
    o.fault = timeline.run("inject-fault", () -> faults.inject(service, source, kind, latency), FaultRecord::detail);

    int detect = timeline.start("await-detection");
    // A load that ended without the target serving (a guard, its time up) ends the wait; one that saw the target
    // take over still waits for the monitor's word on which failover did it.
    Workflow.await(() -> detection.isCompleted() || stopReason != null || (load != null && load.isCompleted()));
    if (!detection.isCompleted() && stopReason == null && settled(load)) {
      Workflow.await(() -> detection.isCompleted() || stopReason != null);
    }
    if (!detection.isCompleted()) {
      monitorScope.cancel();
      WriteLoadReport ended = stopReason != null ? null : loadReport(load);
      String why = stopReason != null ? "stopped by an operator: " + stopReason
          : ended == null ? "the write load failed before the fault was detected"
          : ended.stoppedBy().equals(WriteLoadReport.GUARD) ? "stop condition: " + ended.guardDetail()
          : "the monitor did not detect the fault while the write load ran (" + ended.stoppedBy() + ")";
      timeline.finish(detect, StepStatus.FAILED, why);
      if (stopReason != null || (ended != null && ended.stoppedBy().equals(WriteLoadReport.GUARD))) {
        throw new DrillStopped(why);
      }
      throw Failures.nonRetryable(FailureType.VERIFICATION_FAILED, why);
    }
    MonitorResult detected = detection.get();
    timeline.finish(detect, StepStatus.COMPLETED, "detected " + (detected.detectedAtMillis() - o.fault.atMillis())
        + " ms after the fault (" + detected.probes() + " probes; " + detected.lastProbe() + ")");
    if (!detected.failoverStarted()) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, "a failover of " + service + " was already running; the drill "
          + "measures only its own");
    }
    o.failover = timeline.run("failover", () -> runs.awaitFailover(detected.failoverWorkflowId(), detected.failoverRunId()),
        DrillWorkflowImpl::describe);
  }

  /** Stop conditions and operator stops: the fault goes and the service runs on its primary as before. */
  private void restoreAfterAbort(DrillRequest request, String source) {
    Workflow.newDetachedCancellationScope(() -> {
      if (request.type() == DrillType.CHAOS && o.fault != null) {
        timeline.run("clear-fault", () -> faults.clear(service, source, request.faultOrDefault()), FaultRecord::detail);
      }
      if (o.failover == null) {
        timeline.run("verify-primary", () -> verifyPrimary(source), d -> d);
      } else {
        o.reasons.add("the failover to " + o.target + " had happened: fail back with failback/" + service);
      }
    }).run();
  }

  private FailoverResult startFailover(String source, String target) {
    FailoverWorkflow failover = Workflow.newChildWorkflowStub(FailoverWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.failover(service))
        // A failover half done must finish whatever happens to the drill.
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setTypedSearchAttributes(StandbySearchAttributes.of(service, "failover", target))
        .build());
    return failover.failover(new FailoverRequest(service, target, dev.standby.model.failover.FailoverMode.PLANNED, source,
        "simulated DR drill", WorkflowIds.drill(service), null));
  }

  private FailbackResult startFailback(String home) {
    FailbackWorkflow failback = Workflow.newChildWorkflowStub(FailbackWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.failback(service))
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setTypedSearchAttributes(StandbySearchAttributes.of(service, "failback", home))
        .build());
    return failback.failback(new FailbackRequest(service, home, null, null, null, null, "end of a DR drill",
        WorkflowIds.drill(service)));
  }

  private String verifyPrimary(String source) {
    ReplicationStatus db = database.replicationStatus(service, source);
    if (db.role() != DatabaseRole.PRIMARY) {
      throw Failures.nonRetryable(FailureType.VERIFICATION_FAILED, source + "'s database is " + db.role() + ", not the primary");
    }
    ServingReport served = traffic.verifyServing(service, source, VERIFY_REQUESTS);
    return source + " is primary and served " + served.servedBy(source) + "/" + served.requests() + " requests";
  }

  private String baseline(HealthReport source, HealthReport target, ReplicationStatus sourceDb, ReplicationStatus targetDb) {
    if (!source.healthy()) {
      throw Failures.nonRetryable(FailureType.TARGET_UNHEALTHY, "baseline: " + source.site() + " is not healthy before the drill ("
          + source.summary() + "); nothing was changed");
    }
    if (!target.readyToTakeOver()) {
      throw Failures.nonRetryable(FailureType.TARGET_UNHEALTHY, "baseline: " + target.site() + " cannot take over ("
          + target.summary() + "); nothing was changed");
    }
    if (sourceDb.role() != DatabaseRole.PRIMARY || targetDb.role() != DatabaseRole.REPLICA) {
      throw Failures.nonRetryable(FailureType.TARGET_NOT_REPLICA, "baseline: expected " + sourceDb.site() + " primary and "
          + targetDb.site() + " replica, found " + sourceDb.role() + " and " + targetDb.role() + "; nothing was changed");
    }
    return source.site() + " healthy (" + source.latencyMillis() + " ms), " + target.site() + " a replica lagging "
        + (targetDb.lagMillis() == null ? 0 : targetDb.lagMillis()) + " ms";
  }

  private static WriteLoadReport loadReport(Promise<WriteLoadReport> load) {
    try {
      return load.get();
    } catch (RuntimeException failed) {
      return null;
    }
  }

  private static boolean settled(Promise<WriteLoadReport> load) {
    WriteLoadReport report = loadReport(load);
    return report != null && WriteLoadReport.SETTLED.equals(report.stoppedBy());
  }

  private static List<DrillResult.TableComparison> compare(List<TableChecksum> snapshot, List<TableChecksum> now) {
    List<DrillResult.TableComparison> out = new ArrayList<>();
    for (TableChecksum before : snapshot) {
      TableChecksum after = now.stream().filter(t -> t.table().equals(before.table())).findFirst().orElse(null);
      long rows = after == null ? 0 : after.rows();
      String sum = after == null ? null : after.checksum();
      out.add(new DrillResult.TableComparison(before.table(), before.rows(), before.checksum(), rows, sum,
          rows == before.rows() && before.checksum().equals(sum)));
    }
    return out;
  }

  private static Map<String, Long> maxKeys(List<TableChecksum> snapshot) {
    Map<String, Long> keys = new LinkedHashMap<>();
    snapshot.forEach(t -> keys.put(t.table(), t.maxKey() == null ? Long.MIN_VALUE : t.maxKey()));
    return keys;
  }

  private static String describeChecksums(List<TableChecksum> sums) {
    return String.join(", ", sums.stream().map(t -> t.table() + ": " + t.rows() + " rows up to " + t.keyColumn() + " "
        + t.maxKey()).toList());
  }

  private static String describe(FailoverResult r) {
    return r.mode() + " failover to " + r.targetSite() + ", its own RTO " + r.rtoMillis() + " ms";
  }

  private static String describe(WriteLoadReport r) {
    return r.acknowledged() + " writes acknowledged " + r.acknowledgedBySite() + ", " + r.refused() + " refused; "
        + r.lost() + " lost; ended " + r.stoppedBy() + (r.guardDetail() == null ? "" : ": " + r.guardDetail());
  }

  // ---------------------------------------------------------------- result and report

  private DrillResult finish(DrillRequest request, long startedAt) {
    try {
      reportLocation = timeline.run("write-report", () -> reports.writeDrillReport(result(request, startedAt, null)),
          location -> location);
      Workflow.upsertMemo(Map.of("report", reportLocation));
    } catch (RuntimeException e) {
      // The drill's result stands without its report; the run says why there is none.
      o.reasons.add("the report could not be written: " + StepTimeline.rootMessage(e));
    }
    state = o.verdict;
    return result(request, startedAt, reportLocation);
  }

  private DrillResult result(DrillRequest request, long startedAt, String location) {
    return new DrillResult(service, request.type(), request.type() == DrillType.CHAOS ? request.faultOrDefault() : null,
        o.verdict, List.copyOf(o.reasons), request.type() == DrillType.TABLETOP ? null : o.source,
        request.type() == DrillType.TABLETOP ? null : o.target, startedAt, Workflow.currentTimeMillis(), o.objectives,
        o.rto, o.lost, o.window, o.fault, o.failover, o.load, o.checks, o.consistency, o.failback, o.tabletop,
        timeline.steps(), Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId(), location);
  }

  private static void validate(DrillRequest request) {
    if (request == null || request.service() == null || request.service().isBlank()) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, "drill request: 'service' is required");
    }
    if (request.type() == null) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, "drill request: 'type' is required (TABLETOP, SIMULATED or CHAOS)");
    }
    if (request.objectives() != null && request.objectives().problem() != null) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, "drill request: " + request.objectives().problem());
    }
    if (request.type() == DrillType.TABLETOP) {
      if (request.steps() == null || request.steps().isEmpty()) {
        throw Failures.nonRetryable(FailureType.INVALID_INPUT, "drill request: a tabletop drill needs 'steps' (name, owner, estimatedMillis)");
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < request.steps().size(); i++) {
        TabletopStep s = request.steps().get(i);
        if (s == null || s.name() == null || s.name().isBlank()) {
          throw Failures.nonRetryable(FailureType.INVALID_INPUT, "drill request: steps[" + i + "].name is required");
        }
        if (!names.add(s.name())) {
          throw Failures.nonRetryable(FailureType.INVALID_INPUT, "drill request: steps[" + i + "].name '" + s.name() + "' is used twice");
        }
        if (s.estimatedMillis() <= 0) {
          throw Failures.nonRetryable(FailureType.INVALID_INPUT, "drill request: steps[" + i + "].estimatedMillis must be positive");
        }
      }
    } else if (request.steps() != null && !request.steps().isEmpty()) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, "drill request: 'steps' are for tabletop drills only");
    }
    if (request.type() != DrillType.CHAOS && request.fault() != null) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, "drill request: 'fault' is for chaos drills only");
    }
    if (request.stop() != null && (request.stop().maxErrorRate() == null) != (request.stop().windowMillis() == null)) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, "drill request: stop needs both maxErrorRate and windowMillis");
    }
  }

  // ---------------------------------------------------------------- signals and queries

  @Override
  public void acknowledge(StepAcknowledgement acknowledgement) {
    if (acknowledgement == null || acknowledgement.step() == null || acknowledgements.containsKey(acknowledgement.step())) {
      return;  // repeats change nothing: the first acknowledgement timed the step
    }
    acknowledgements.put(acknowledgement.step(), acknowledgement);
    acknowledgedAt.put(acknowledgement.step(), Workflow.currentTimeMillis());
  }

  @Override
  public void stop(String reason) {
    if (stopReason == null) {
      stopReason = reason == null || reason.isBlank() ? "no reason given" : reason;
    }
  }

  @Override
  public DrillProgress progress() {
    return new DrillProgress(service, type, state, timeline.currentStep(), timeline.steps(), waitingFor, reportLocation);
  }

  /** Ends a drill early on purpose: a stop condition fired or an operator asked. */
  private static final class DrillStopped extends RuntimeException {
    DrillStopped(String message) {
      super(message);
    }
  }
}
