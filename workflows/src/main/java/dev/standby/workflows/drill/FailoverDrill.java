package dev.standby.workflows.drill;

import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.RunActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.TableChecksum;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.DrillSpec;
import dev.standby.model.drill.DrillType;
import dev.standby.model.drill.FaultRecord;
import dev.standby.model.drill.StopConditions;
import dev.standby.model.drill.WriteLoadPlan;
import dev.standby.model.drill.WriteLoadReport;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.health.CheckResult;
import dev.standby.model.health.HealthReport;
import dev.standby.model.monitor.MonitorRequest;
import dev.standby.model.monitor.MonitorResult;
import dev.standby.model.traffic.ServingReport;
import dev.standby.workflows.SiteHosts;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A simulated or chaos drill: the service really fails over to its standby, under a write load that
 * measures what it costs, and comes home again.
 *
 * <ol>
 *   <li>baseline-health: the primary is healthy and primary, the target a replica ready to take
 *       over;
 *   <li>consistency-snapshot of the topology's tables on the primary;
 *   <li>write-load through the front door, run for a baseline before anything happens;
 *   <li>simulated: a planned failover; chaos: the drill's own monitor, a fault in the primary, the
 *       monitor's detection and the failover it starts;
 *   <li>the write load settles on the target: RTO and RPO come from its acknowledgements;
 *   <li>verify-target, integration-checks and data-consistency against the snapshot, measure
 *       against the objectives;
 *   <li>clear-fault, failback and verify-primary.
 * </ol>
 *
 * A stop condition or an operator's stop before the failover has settled takes the fault away and
 * checks the primary serves as before.
 */
final class FailoverDrill {
  static final long DEFAULT_LATENCY_MILLIS = 2_000;
  static final int VERIFY_REQUESTS = 10;

  private final HealthActivities health = Workflow.newActivityStub(HealthActivities.class);
  private final DatabaseActivities database = Workflow.newActivityStub(DatabaseActivities.class);
  private final TrafficActivities traffic = Workflow.newActivityStub(TrafficActivities.class);
  private final RunActivities runs = Workflow.newActivityStub(RunActivities.class);

  private final String service;
  private final DrillRequest request;
  private final DrillSpec drill;
  private final StepTimeline timeline;
  private final DrillFindings findings;
  private final Supplier<String> stopReason;
  private final String source;
  private final String target;
  private Promise<MonitorResult> detection;

  FailoverDrill(
      DrillRequest request,
      DrillSpec drill,
      StepTimeline timeline,
      DrillFindings findings,
      Supplier<String> stopReason) {
    this.service = request.service();
    this.request = request;
    this.drill = drill;
    this.timeline = timeline;
    this.findings = findings;
    this.stopReason = stopReason;
    this.source = findings.source;
    this.target = findings.target;
  }

  void run() {
    checkBaseline();
    List<TableChecksum> snapshot =
        drill.tables().isEmpty()
            ? List.of()
            : timeline.run(
                "consistency-snapshot",
                () -> database.checksums(service, source, drill.tables(), null),
                FailoverDrill::describeChecksums);
    WriteLoadRun load = startWriteLoad();

    try {
      long clockStart =
          request.type() == DrillType.SIMULATED ? plannedFailover() : chaosFailover(load);
      if (load != null) {
        measureFrom(load.settle(), clockStart);
      } else if (findings.failover != null) {
        findings.rto = findings.failover.rtoMillis();
      }
    } catch (RuntimeException e) {
      WriteLoadReport ended = load == null ? null : load.abort();
      if (ended != null) {
        findings.load = ended;
      }
      restoreAfterAbort();
      throw e;
    }

    timeline.run(
        "verify-target",
        () -> traffic.verifyServing(service, target, VERIFY_REQUESTS),
        r -> r.servedBy(target) + "/" + r.requests() + " requests served by " + target);
    if (!drill.checks().isEmpty()) {
      runIntegrationChecks();
    }
    if (!snapshot.isEmpty()) {
      compareWithSnapshot(snapshot);
    }
    measure();
    if (request.type() == DrillType.CHAOS) {
      timeline.run(
          "clear-fault",
          () -> SiteHosts.faults(source).clear(service, source, request.faultOrDefault()),
          FaultRecord::detail);
    }
    if (request.failsBack()) {
      failBack();
    }
  }

  private void checkBaseline() {
    Promise<HealthReport> sourceHealth = Async.function(health::probe, service, source);
    Promise<HealthReport> targetHealth = Async.function(health::probe, service, target);
    Promise<ReplicationStatus> sourceDb =
        Async.function(database::replicationStatus, service, source);
    Promise<ReplicationStatus> targetDb =
        Async.function(database::replicationStatus, service, target);
    timeline.run(
        "baseline-health",
        () -> baseline(sourceHealth.get(), targetHealth.get(), sourceDb.get(), targetDb.get()),
        d -> d);
  }

  /**
   * The write load, run for the topology's baseline before the failover; null when the topology
   * describes none.
   */
  private WriteLoadRun startWriteLoad() {
    if (!drill.measuresWrites()) {
      findings.reasons.add("no write load configured (drill.writeLoad): RPO not measured");
      return null;
    }
    StopConditions stop = request.stop() != null ? request.stop() : drill.stop();
    WriteLoadPlan plan =
        new WriteLoadPlan(
            service,
            DrillResult.reportKey(
                Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId()),
            target,
            drill.writers(),
            drill.settleMillis(),
            drill.maxLoadMillis(),
            stop);
    WriteLoadRun load = WriteLoadRun.start(timeline, plan);
    Workflow.sleep(Duration.ofMillis(drill.baselineMillis()));
    return load;
  }

  /** Simulated: a planned failover, timed from its own start. */
  private long plannedFailover() {
    findings.failover = timeline.run("failover", this::startFailover, FailoverDrill::describe);
    return findings.failover.startedAtMillis();
  }

  /**
   * Chaos: a fault in the primary that the drill's monitor must detect and fail over from, timed
   * from the fault.
   */
  private long chaosFailover(WriteLoadRun load) {
    CancellationScope monitor = startMonitor();
    long latency =
        request.latencyMillis() != null ? request.latencyMillis() : DEFAULT_LATENCY_MILLIS;
    findings.fault =
        timeline.run(
            "inject-fault",
            () ->
                SiteHosts.faults(source).inject(service, source, request.faultOrDefault(), latency),
            FaultRecord::detail);
    MonitorResult detected = awaitDetection(monitor, load);
    findings.failover =
        timeline.run(
            "failover",
            () -> runs.awaitFailover(detected.failoverWorkflowId(), detected.failoverRunId()),
            FailoverDrill::describe);
    return findings.fault.atMillis();
  }

  /**
   * The settled write load's measurements: RTO from {@code clockStart} to the target's first write,
   * and the loss.
   */
  private void measureFrom(WriteLoadReport report, long clockStart) {
    findings.load = report;
    if (report.stoppedBy() == WriteLoadReport.StoppedBy.GUARD) {
      throw new DrillStopped("stop condition: " + report.guardDetail());
    }
    if (report.firstTargetAckAtMillis() != null
        && report.stoppedBy() == WriteLoadReport.StoppedBy.SETTLED) {
      findings.rto = report.firstTargetAckAtMillis() - clockStart;
      findings.lost = report.lost();
      findings.window = report.lossWindowMillis();
    } else {
      findings.reasons.add(
          "the write load never saw " + target + " serve a write (" + report.stoppedBy() + ")");
    }
  }

  /**
   * The drill's own health monitor, in a scope the drill cancels when it stops waiting for a
   * detection.
   */
  private CancellationScope startMonitor() {
    // Its own id: the service's monitor (monitor/<service>) stays, paused, while the drill runs.
    String monitorId = drillMonitorId();
    HealthMonitorWorkflow monitor =
        Workflow.newChildWorkflowStub(
            HealthMonitorWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(monitorId)
                // The drill's monitor watches for the drill only: it goes when the drill goes.
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                .setTypedSearchAttributes(StandbySearchAttributes.of(service, "monitor", source))
                .build());
    CancellationScope scope =
        Workflow.newCancellationScope(
            () ->
                detection =
                    Async.function(
                        monitor::monitor,
                        new MonitorRequest(
                            service,
                            source,
                            target,
                            null,
                            request.monitorFailureThreshold(),
                            null,
                            null,
                            drillId())));
    timeline.run(
        "start-monitor",
        () -> {
          scope.run();
          try {
            Workflow.getWorkflowExecution(monitor).get();
          } catch (ChildWorkflowFailure e) {
            throw Failures.nonRetryable(
                FailureType.INVALID_INPUT,
                "the drill's health monitor " + monitorId + " could not start: " + e.getMessage());
          }
          return monitorId;
        },
        id -> "watching " + source + " (" + id + ")");
    return scope;
  }

  private MonitorResult awaitDetection(CancellationScope monitor, WriteLoadRun load) {
    int detect = timeline.start("await-detection");
    // A load that ended without the target serving (a guard, its time up) ends the wait; one that
    // saw the target
    // take over still waits for the monitor's word on which failover did it.
    Workflow.await(
        () ->
            detection.isCompleted() || stopReason.get() != null || (load != null && load.isOver()));
    if (!detection.isCompleted() && stopReason.get() == null && load != null && load.settled()) {
      Workflow.await(() -> detection.isCompleted() || stopReason.get() != null);
    }
    if (!detection.isCompleted()) {
      monitor.cancel();
      String stop = stopReason.get();
      WriteLoadReport ended = stop != null || load == null ? null : load.endedReport();
      boolean guard = ended != null && ended.stoppedBy() == WriteLoadReport.StoppedBy.GUARD;
      String why =
          stop != null
              ? "stopped by an operator: " + stop
              : ended == null
                  ? "the write load failed before the fault was detected"
                  : guard
                      ? "stop condition: " + ended.guardDetail()
                      : "the monitor did not detect the fault while the write load ran ("
                          + ended.stoppedBy()
                          + ")";
      timeline.finish(detect, StepStatus.FAILED, why);
      if (stop != null || guard) {
        throw new DrillStopped(why);
      }
      throw Failures.nonRetryable(FailureType.VERIFICATION_FAILED, why);
    }
    MonitorResult detected = detection.get();
    timeline.finish(
        detect,
        StepStatus.COMPLETED,
        "detected "
            + (detected.detectedAtMillis() - findings.fault.atMillis())
            + " ms after the fault ("
            + detected.probes()
            + " probes; "
            + detected.lastProbe()
            + ")");
    if (!detected.failoverStarted()) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "a failover of "
              + service
              + " was already running; the drill "
              + "measures only its own");
    }
    return detected;
  }

  private void runIntegrationChecks() {
    findings.checks =
        timeline.run(
            "integration-checks",
            () -> health.runChecks(service, target),
            list ->
                list.stream().filter(CheckResult::passed).count() + "/" + list.size() + " passed");
    findings.checks.stream()
        .filter(c -> !c.passed())
        .forEach(
            c ->
                findings.reasons.add(
                    "integration check '"
                        + c.name()
                        + "' failed on "
                        + target
                        + ": "
                        + c.detail()));
  }

  private void compareWithSnapshot(List<TableChecksum> snapshot) {
    findings.consistency =
        timeline.run(
            "data-consistency",
            () ->
                compare(
                    snapshot,
                    database.checksums(service, target, drill.tables(), maxKeys(snapshot))),
            list ->
                list.stream().filter(DrillResult.TableComparison::matches).count()
                    + "/"
                    + list.size()
                    + " tables match the snapshot");
    findings.consistency.stream()
        .filter(t -> !t.matches())
        .forEach(
            t ->
                findings.reasons.add(
                    "table "
                        + t.table()
                        + " on "
                        + target
                        + " differs from the snapshot ("
                        + t.snapshotRows()
                        + " rows, "
                        + t.targetRows()
                        + " now)"));
  }

  private void measure() {
    timeline.run(
        "measure",
        () -> {
          List<String> misses =
              DrillVerdict.misses(
                  findings.objectives, findings.rto, findings.lost, findings.window);
          findings.reasons.addAll(misses);
          return misses;
        },
        misses ->
            "RTO "
                + findings.rto
                + " ms (objective "
                + findings.objectives.rtoMillis()
                + " ms), "
                + (findings.lost == null
                    ? "RPO not measured"
                    : findings.lost
                        + " acknowledged writes lost over "
                        + findings.window
                        + " ms (objective "
                        + findings.objectives.rpoMillis()
                        + " ms)")
                + (misses.isEmpty() ? "" : ": " + String.join("; ", misses)));
  }

  private void failBack() {
    findings.failback =
        timeline.run(
            "failback",
            this::startFailback,
            r -> r.outcome() + " in " + (r.completedAtMillis() - r.startedAtMillis()) + " ms");
    if (findings.failback.outcome() != FailbackResult.Outcome.COMPLETED) {
      findings.reasons.add(
          "the failback ended "
              + findings.failback.outcome()
              + ": "
              + findings.failback.gateFailure());
    }
    timeline.run("verify-primary", this::verifyPrimary, d -> d);
  }

  /**
   * Stop conditions and operator stops: the fault goes and the service runs on its primary as
   * before.
   */
  private void restoreAfterAbort() {
    Workflow.newDetachedCancellationScope(
            () -> {
              if (request.type() == DrillType.CHAOS && findings.fault != null) {
                timeline.run(
                    "clear-fault",
                    () -> SiteHosts.faults(source).clear(service, source, request.faultOrDefault()),
                    FaultRecord::detail);
              }
              if (findings.failover == null) {
                timeline.run("verify-primary", this::verifyPrimary, d -> d);
              } else {
                findings.reasons.add(
                    "the failover to "
                        + target
                        + " had happened: fail back with failback/"
                        + service);
              }
            })
        .run();
  }

  private FailoverResult startFailover() {
    FailoverWorkflow failover =
        Workflow.newChildWorkflowStub(
            FailoverWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.failover(service))
                // A failover half done must finish whatever happens to the drill.
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .setTypedSearchAttributes(StandbySearchAttributes.of(service, "failover", target))
                .build());
    return failover.failover(
        new FailoverRequest(
                service,
                target,
                FailoverMode.PLANNED,
                source,
                "simulated DR drill",
                drillId(),
                null)
            .onBehalfOf(drillId()));
  }

  private FailbackResult startFailback() {
    FailbackWorkflow failback =
        Workflow.newChildWorkflowStub(
            FailbackWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.failback(service))
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .setTypedSearchAttributes(StandbySearchAttributes.of(service, "failback", source))
                .build());
    return failback.failback(
        new FailbackRequest(service, source, null, null, null, null, "end of a DR drill", drillId())
            .onBehalfOf(drillId()));
  }

  /**
   * This drill's workflow id (a scheduled drill's carries its fire time): the failover, failback
   * and monitor it starts run on behalf of it, inside the operation its service admitted.
   */
  private static String drillId() {
    return Workflow.getInfo().getWorkflowId();
  }

  /** The chaos drill's own health monitor: {@code drill/<service>[-<time>]/monitor}. */
  static String drillMonitorId() {
    return drillId() + "/monitor";
  }

  private String verifyPrimary() {
    ReplicationStatus db = database.replicationStatus(service, source);
    if (db.role() != DatabaseRole.PRIMARY) {
      throw Failures.nonRetryable(
          FailureType.VERIFICATION_FAILED,
          source + "'s database is " + db.role() + ", not the primary");
    }
    ServingReport served = traffic.verifyServing(service, source, VERIFY_REQUESTS);
    return source
        + " is primary and served "
        + served.servedBy(source)
        + "/"
        + served.requests()
        + " requests";
  }

  private static String baseline(
      HealthReport source,
      HealthReport target,
      ReplicationStatus sourceDb,
      ReplicationStatus targetDb) {
    if (!source.healthy()) {
      throw Failures.nonRetryable(
          FailureType.TARGET_UNHEALTHY,
          "baseline: "
              + source.site()
              + " is not healthy before the drill ("
              + source.summary()
              + "); nothing was changed");
    }
    if (!target.readyToTakeOver()) {
      throw Failures.nonRetryable(
          FailureType.TARGET_UNHEALTHY,
          "baseline: "
              + target.site()
              + " cannot take over ("
              + target.summary()
              + "); nothing was changed");
    }
    if (sourceDb.role() != DatabaseRole.PRIMARY || targetDb.role() != DatabaseRole.REPLICA) {
      throw Failures.nonRetryable(
          FailureType.TARGET_NOT_REPLICA,
          "baseline: expected "
              + sourceDb.site()
              + " primary and "
              + targetDb.site()
              + " replica, found "
              + sourceDb.role()
              + " and "
              + targetDb.role()
              + "; nothing was changed");
    }
    return source.site()
        + " healthy ("
        + source.latencyMillis()
        + " ms), "
        + target.site()
        + " a replica lagging "
        + (targetDb.lagMillis() == null ? 0 : targetDb.lagMillis())
        + " ms";
  }

  private static List<DrillResult.TableComparison> compare(
      List<TableChecksum> snapshot, List<TableChecksum> now) {
    List<DrillResult.TableComparison> out = new ArrayList<>();
    for (TableChecksum before : snapshot) {
      TableChecksum after =
          now.stream().filter(t -> t.table().equals(before.table())).findFirst().orElse(null);
      long rows = after == null ? 0 : after.rows();
      String sum = after == null ? null : after.checksum();
      out.add(
          new DrillResult.TableComparison(
              before.table(),
              before.rows(),
              before.checksum(),
              rows,
              sum,
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
    return String.join(
        ", ",
        sums.stream()
            .map(
                t ->
                    t.table() + ": " + t.rows() + " rows up to " + t.keyColumn() + " " + t.maxKey())
            .toList());
  }

  private static String describe(FailoverResult r) {
    return r.mode() + " failover to " + r.targetSite() + ", its own RTO " + r.rtoMillis() + " ms";
  }
}
