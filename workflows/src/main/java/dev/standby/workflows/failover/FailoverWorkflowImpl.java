package dev.standby.workflows.failover;

import dev.standby.activities.ComputeActivities;
import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.Progress;
import dev.standby.model.ServiceSpec;
import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalDecision;
import dev.standby.model.approval.ApprovalRequirement;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.compute.ScaleResult;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.failover.DataLossEvidence;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.failover.StandbyReadings;
import dev.standby.model.failover.TargetChoice;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class FailoverWorkflowImpl implements FailoverWorkflow {
  /**
   * The step an approval answers: promotion, and the fencing before it, are what cannot be taken
   * back.
   */
  public static final String PROMOTE_STEP = "promote-target";

  private static final PlannedSwitchover.StepNames SWITCHOVER_STEPS =
      new PlannedSwitchover.StepNames("fence-source", PROMOTE_STEP, "unfence-source");

  private final TopologyActivities topology = Workflow.newActivityStub(TopologyActivities.class);
  private final HealthActivities health = Workflow.newActivityStub(HealthActivities.class);
  private final DatabaseActivities database = Workflow.newActivityStub(DatabaseActivities.class);
  private final TrafficActivities traffic = Workflow.newActivityStub(TrafficActivities.class);
  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);
  private final ServiceActivities services = Workflow.newActivityStub(ServiceActivities.class);

  private final StepTimeline timeline = new StepTimeline();
  private final ApprovalGate approvals = new ApprovalGate();
  private String service;
  private FailoverState state = FailoverState.RUNNING;
  private Map<String, Integer> weights = Map.of();
  private RunComms comms;
  private ServiceRun admitted;
  private String promotedSite;
  private String source;
  private String target;
  private boolean reprotected;
  private TargetChoice choice;
  private String readingsNote;

  @Override
  public FailoverResult failover(FailoverRequest request) {
    // When the run was started, not when a worker first picked it up: waiting for a worker counts
    // too.
    long startedAt = Workflow.getInfo().getRunStartedTimestampMillis();
    String problem = FailoverRequest.problem(request);
    if (problem != null) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, problem);
    }
    service = request.service();
    try {
      FailoverResult result = run(request, startedAt);
      state = FailoverState.COMPLETED;
      OperationReport report =
          admitted
              .report(OperationOutcome.COMPLETED, "served by " + target)
              .subtype(request.mode().name())
              .moved(source, target, reprotected)
              .measured(result.rtoMillis(), null, result.lossWindowMillis())
              .withSteps(timeline.steps());
      // The service is told while the channel's last message posts: neither waits for the other.
      Promise<Void> told = Async.procedure(admitted::finish, report);
      comms
          .set("rto", RunComms.millis(result.rtoMillis()))
          .set("dataLoss", result.dataLoss().summary())
          .resolution(
              "completed: "
                  + result.verification().servedBy(result.targetSite())
                  + "/"
                  + result.verification().requests()
                  + " real requests served by "
                  + result.targetSite());
      told.get();
      return result;
    } catch (RuntimeException e) {
      state = FailoverState.FAILED;
      // A run that failed before its service was resolved has nobody to tell yet.
      if (comms != null) {
        comms.resolution(RunComms.resolutionAt(timeline.currentStep(), e));
      }
      if (admitted != null) {
        OperationReport report =
            admitted
                .report(ServiceRun.outcomeOf(e), RunComms.endedAt(timeline.currentStep(), e))
                .subtype(request.mode().name())
                .withSteps(timeline.steps());
        // A promotion that happened is where the primary is now, whatever failed after it.
        admitted.finish(promotedSite == null ? report : report.moved(source, promotedSite, false));
      }
      throw e;
    }
  }

  private FailoverResult run(FailoverRequest request, long startedAt) {
    // The description, the admission and (when the request names it, as the monitor's does) the
    // source's database are asked at once: one round trip on the incident's clock, not three.
    Promise<ReplicationStatus> namedSourceDb =
        request.sourceSite() == null
            ? null
            : Async.function(database::replicationStatus, service, request.sourceSite());
    // So are a named target (its liveness and database) and the weights when no monitor read them:
    // a two-site failover with both sites named has nothing left to read after this round.
    Map<String, Promise<HealthReport>> liveness = new LinkedHashMap<>();
    Map<String, Promise<ReplicationStatus>> databases = new LinkedHashMap<>();
    if (request.targetSite() != null && !request.targetSite().equals(request.sourceSite())) {
      read(List.of(request.targetSite()), liveness, databases);
    }
    Promise<Map<String, Integer>> currentWeights =
        request.readings() == null ? Async.function(traffic::weights, service) : null;
    Promise<ServiceState> admission =
        Async.function(
            () ->
                timeline.run(
                    "admit",
                    () -> {
                      admitted =
                          ServiceRun.admit(
                              services,
                              service,
                              OperationKind.FAILOVER,
                              request.mode() == FailoverMode.PLANNED,
                              request.requestedBy(),
                              request.onBehalfOf());
                      return admitted.state();
                    },
                    s -> "admitted by service/" + service + "; primary " + s.primarySite()));
    ServiceSpec spec;
    try {
      spec =
          timeline.run(
              "resolve-service",
              () -> topology.describeService(service),
              FailoverWorkflowImpl::describe);
    } catch (RuntimeException e) {
      // An admission that lands after this failed must still be closed by failover()'s handler.
      awaitQuietly(admission);
      throw e;
    }
    // The admission waits on the service's own workflow task: the standbys are read meanwhile, so
    // nothing is left to ask once it answers. Without a named source the primary is known only
    // from the admission, so every site is read (the primary too, for its role).
    if (request.readings() == null) {
      read(spec.candidates(request.sourceSite()), liveness, databases);
    }
    ServiceState current = admission.get();
    source = request.sourceSite() != null ? request.sourceSite() : current.primarySite();
    Promise<ReplicationStatus> sourceRead = databases.remove(source);
    liveness.remove(source);
    requireSite(spec, source, "sourceSite");
    if (request.targetSite() != null) {
      requireSite(spec, request.targetSite(), "targetSite");
      if (spec.backupOnly(request.targetSite())) {
        throw Failures.nonRetryable(
            FailureType.INVALID_INPUT,
            request.targetSite()
                + " is a backup-only site of "
                + service
                + ": it holds copies, never traffic, so it is never a failover target; nothing"
                + " changed");
      }
    }
    List<String> standbys = spec.candidates(source);
    if (request.targetSite() != null && !standbys.contains(request.targetSite())) {
      standbys = new ArrayList<>(standbys);
      standbys.add(request.targetSite());
    }
    List<TargetElection.Candidate> candidates = new ArrayList<>();
    boolean planned = request.mode() == FailoverMode.PLANNED;
    StandbyReadings readings = request.readings();
    long now = Workflow.currentTimeMillis();
    if (readings != null && !readings.usableFor(source, standbys, now)) {
      readings = null;
    }
    Promise<ReplicationStatus> sourceDb =
        source.equals(request.sourceSite())
            ? namedSourceDb
            : sourceRead != null
                ? sourceRead
                : Async.function(database::replicationStatus, service, source);
    if (readings != null) {
      // The monitor read the standbys one failed probe before it detected, after the source began
      // to fail: the replay positions it saw are where they stopped. A site read in this run's own
      // first round is fresher and kept.
      readingsNote = readings.ageMillis(now) + " ms old readings from the health monitor";
      if (currentWeights == null) {
        currentWeights = Workflow.newPromise(readings.weights());
      }
      for (String site : standbys) {
        liveness.putIfAbsent(site, Workflow.newPromise(readings.liveness().get(site)));
        databases.putIfAbsent(site, Workflow.newPromise(readings.databases().get(site)));
      }
    } else {
      if (currentWeights == null) {
        currentWeights = Async.function(traffic::weights, service);
      }
      read(standbys, liveness, databases);
    }
    if (request.targetSite() == null) {
      choice =
          timeline.run(
              "elect-target",
              () -> {
                candidates.addAll(candidates(spec, current, liveness, databases));
                return requireWinner(TargetElection.elect(candidates, planned, spec.rpoMillis()));
              },
              c -> c.describe() + fromReadings());
      target = choice.target();
    } else {
      target = request.targetSite();
    }
    if (source.equals(target)) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          target
              + " is already "
              + service
              + "'s primary (service/"
              + service
              + " says so): nothing to fail over");
    }
    StandbySearchAttributes.upsert(service, "failover", target);
    comms =
        new RunComms("Failover", service, spec.notifications().templates())
            .set("source", source)
            .set("target", target)
            .set("mode", request.mode().name())
            .set("reason", request.reason())
            .set("requestedBy", request.requestedBy())
            .set("rtoObjective", RunComms.millis(spec.rtoMillis()))
            .set("rpoObjective", RunComms.millis(spec.rpoMillis()))
            .set("approvedBy", request.approval() == null ? "not required" : null);
    comms.initial();

    timeline.run(
        "check-target",
        () -> {
          if (choice == null) {
            candidates.addAll(candidates(spec, current, liveness, databases));
            choice = TargetElection.named(target, candidates, planned, spec.rpoMillis());
          }
          return checkTarget(
                  request.mode(),
                  spec,
                  target,
                  liveness.get(target).get(),
                  databases.get(target).get())
              + (choice.elected() ? "" : fromReadings());
        },
        d -> d);
    weights = currentWeights.get();
    String ahead = TargetElection.mostAdvancedOther(choice);
    if (!choice.elected() && choice.behindBytes() > 0 && !planned) {
      requireLossAccepted(request, ahead);
    }
    Promise<ReplicationStatus> sourceStatus =
        request.approval() == null
            ? sourceDb
            : awaitApprovalAndRecheck(request, spec, source, target);
    if (spec.computeSites().contains(target)) {
      // Instances boot while the database is promoted; the traffic check at the end proves they
      // serve.
      timeline.run(
          "scale-up-target", () -> compute.scaleUp(service, target), ScaleResult::describe);
    }

    Map<String, Integer> everythingToTarget = new LinkedHashMap<>();
    spec.trafficSites()
        .forEach(site -> everythingToTarget.put(site, site.equals(target) ? 100 : 0));
    PromotionResult promotion;
    DataLossEvidence evidence;
    if (request.mode() == FailoverMode.PLANNED) {
      requirePrimary(source, sourceStatus.get());
      if (!choice.elected() && choice.behindBytes() > 0) {
        catchUp(ahead, databases.get(ahead).get().replayLsn());
      }
      PlannedSwitchover.Switched switched =
          new PlannedSwitchover(service, database, timeline).run(source, target, SWITCHOVER_STEPS);
      promotion = switched.promotion();
      evidence = switched.evidence();
      promotedSite = target;
      comms.update(PlannedSwitchover.describe(promotion) + " on " + target + "; moving traffic");
      weights = moveTraffic(everythingToTarget);
    } else {
      timeline.run(
          "fence-source", () -> fenceOrIsolate(source, target, sourceStatus.get()), d -> d);
      // The fenced source serves no writes any more, so the traffic moves while the target
      // promotes: its first requests wait out the promotion instead of a round trip after it.
      Promise<Map<String, Integer>> moved = Async.function(() -> moveTraffic(everythingToTarget));
      try {
        promotion =
            timeline.run(
                PROMOTE_STEP, () -> database.promote(service, target), PlannedSwitchover::describe);
      } catch (RuntimeException e) {
        awaitQuietly(moved); // the timeline then says where the traffic went
        throw e;
      }
      promotedSite = target;
      evidence =
          new DataLossEvidence(
              false,
              null,
              promotion.replayLsn(),
              promotion.lastReplayedCommitMillis(),
              "writes acknowledged by "
                  + source
                  + " after "
                  + target
                  + "'s last replayed commit are lost; replayed up to LSN "
                  + promotion.replayLsn());
      comms.update(
          PlannedSwitchover.describe(promotion)
              + " on "
              + target
              + "; traffic moved to it while it promoted");
      weights = moved.get();
    }

    // The old primary's reprotection and the other replicas' re-pointing need only the promotion:
    // they run while the front door is verified, not after it.
    PromotionResult promoted = promotion;
    Promise<List<String>> protecting =
        Async.function(() -> protect(request.mode(), candidates, promoted.replayLsn()));
    ServingReport verification;
    try {
      verification =
          timeline.run(
              "verify-traffic",
              () -> traffic.verifyServing(service, target, spec.verifyRequests()),
              r -> r.servedBy(target) + "/" + r.requests() + " real requests served by " + target);
    } catch (RuntimeException e) {
      awaitQuietly(protecting); // what became of the replicas is in the timeline when the run fails
      throw e;
    }
    List<String> repointed = protecting.get();

    long completedAt = Workflow.currentTimeMillis();
    long clockStart =
        request.incidentStartedAtMillis() != null ? request.incidentStartedAtMillis() : startedAt;
    long firstServed =
        verification.firstServedByExpectedAtMillis() != null
            ? verification.firstServedByExpectedAtMillis()
            : completedAt;
    return new FailoverResult(
        service,
        source,
        target,
        request.mode(),
        startedAt,
        completedAt,
        request.incidentStartedAtMillis(),
        firstServed - clockStart,
        evidence,
        verification,
        weights,
        timeline.steps(),
        choice,
        repointed);
  }

  /**
   * Everything the choice and the checks need, asked at once: one round trip instead of several on
   * the incident's clock. A standby's app is judged alive on its liveness endpoint: its full health
   * check may hang on the very primary that died.
   */
  private void read(
      List<String> standbys,
      Map<String, Promise<HealthReport>> liveness,
      Map<String, Promise<ReplicationStatus>> databases) {
    for (String site : standbys) {
      if (!site.equals(source) && !liveness.containsKey(site)) {
        liveness.put(site, Async.function(health::liveness, service, site));
        databases.put(site, Async.function(database::replicationStatus, service, site));
      }
    }
  }

  private Map<String, Integer> moveTraffic(Map<String, Integer> everythingToTarget) {
    return timeline.run(
        "move-traffic", () -> traffic.setWeights(service, everythingToTarget), w -> "weights " + w);
  }

  private String fromReadings() {
    return readingsNote == null ? "" : " (" + readingsNote + ")";
  }

  private static void awaitQuietly(Promise<?> promise) {
    try {
      promise.get();
    } catch (RuntimeException ignored) {
      // Its own failure is not this run's: the error being thrown is.
    }
  }

  private static String describe(ServiceSpec s) {
    return "sites " + s.sites() + ", RTO " + s.rtoMillis() + " ms, RPO " + s.rpoMillis() + " ms";
  }

  private static List<TargetElection.Candidate> candidates(
      ServiceSpec spec,
      ServiceState current,
      Map<String, Promise<HealthReport>> liveness,
      Map<String, Promise<ReplicationStatus>> databases) {
    List<TargetElection.Candidate> candidates = new ArrayList<>();
    for (String site : liveness.keySet()) {
      candidates.add(
          new TargetElection.Candidate(
              site,
              spec.priority(site),
              liveness.get(site).get(),
              databases.get(site).get(),
              current.site(site) == null ? null : current.site(site).condition()));
    }
    return candidates;
  }

  private TargetChoice requireWinner(TargetChoice elected) {
    if (elected.target() == null) {
      throw Failures.nonRetryable(
          FailureType.NO_CANDIDATE,
          "no standby of " + service + " can take over: " + elected.describe());
    }
    return elected;
  }

  /**
   * An unplanned failover to a named target that is behind another standby loses the writes only
   * the other has: only with acceptLoss or an approval (which then asks with those words).
   */
  private void requireLossAccepted(FailoverRequest request, String ahead) {
    String loss =
        target
            + " "
            + choice.why().replace("named by the request; ", "is ")
            + ": an unplanned failover to it loses the writes only "
            + ahead
            + " has";
    if (request.acceptLoss() || request.approval() != null) {
      comms.update(loss + (request.acceptLoss() ? " (acceptLoss)" : " (asking for approval)"));
      return;
    }
    throw Failures.nonRetryable(
        FailureType.TARGET_BEHIND,
        loss
            + ". Pass acceptLoss, ask for an approval, or leave targetSite out to elect "
            + ahead
            + "; nothing was changed");
  }

  /**
   * A planned failover to a named target that is behind another standby first lets it replay as far
   * as the most advanced one had, while the primary still takes writes: the fenced window that
   * follows stays as short as for any other target, and nothing is lost.
   */
  private void catchUp(String ahead, String lsn) {
    timeline.run(
        "catch-up-target",
        () -> database.awaitReplay(service, target, lsn),
        r -> target + " replayed " + r.replayLsn() + ", as far as " + ahead + " had (" + lsn + ")");
  }

  /**
   * After a promotion: a planned failover's old primary becomes a replica of the new one, and every
   * other replica follows it. Returns what became of the others; failures are reported, not thrown.
   */
  private List<String> protect(
      FailoverMode mode, List<TargetElection.Candidate> candidates, String forkLsn) {
    if (mode == FailoverMode.PLANNED) {
      reprotected = reprotect(source, target);
    }
    List<String> repointed = new ArrayList<>();
    for (TargetElection.Candidate other : candidates) {
      if (!other.site().equals(target)
          && other.database() != null
          && other.database().role() == DatabaseRole.REPLICA) {
        repointed.add(repoint(other.site(), target, forkLsn));
      }
    }
    return repointed;
  }

  /** Another replica follows the new primary; one that cannot is said in the channel. */
  private String repoint(String site, String newPrimary, String forkLsn) {
    String what =
        new ReplicaRepointer(service, database, timeline).repoint(site, newPrimary, forkLsn);
    if (what.startsWith(site + " does not follow")) {
      comms.update("not re-pointed: " + what);
    }
    return what;
  }

  /**
   * After the checks, before the first change: a rejection or an abort on timeout ends the run with
   * nothing fenced, promoted or moved. The approval levels are the request's, else the service's.
   * The world may have changed while people decided, so the target is checked again and the
   * source's database read again before anything is fenced or promoted. Returns the source's status
   * as it is now.
   */
  private Promise<ReplicationStatus> awaitApprovalAndRecheck(
      FailoverRequest request, ServiceSpec spec, String source, String target) {
    String summary =
        request.mode()
            + " failover of "
            + service
            + " from "
            + source
            + " to "
            + target
            + (request.requestedBy() == null ? "" : ", requested by " + request.requestedBy())
            + (request.reason() == null ? "" : ": " + request.reason());
    ApprovalRequirement requirement = request.approval().orElse(spec.notifications().approval());
    ApprovalDecision decision =
        timeline.run(
            "await-approval",
            () ->
                requireGoAhead(
                    notifyComms(approvals.await(service, PROMOTE_STEP, summary, requirement))),
            ApprovalDecision::describe);
    Workflow.getLogger(FailoverWorkflowImpl.class)
        .info("Failover of {}: {}", service, decision.describe());

    Promise<HealthReport> targetHealth = Async.function(health::liveness, service, target);
    Promise<ReplicationStatus> targetDb =
        Async.function(database::replicationStatus, service, target);
    Promise<ReplicationStatus> sourceDb =
        Async.function(database::replicationStatus, service, source);
    timeline.run(
        "recheck-target",
        () ->
            "after the approval wait: "
                + checkTarget(request.mode(), spec, target, targetHealth.get(), targetDb.get()),
        d -> d);
    return sourceDb;
  }

  private ApprovalDecision notifyComms(ApprovalDecision decision) {
    comms.set(
        "approvedBy",
        decision.verdict() == ApprovalDecision.Verdict.APPROVED
            ? decision.answer().by()
            : "nobody: " + decision.describe());
    comms.update(PROMOTE_STEP + " " + decision.describe());
    return decision;
  }

  private static ApprovalDecision requireGoAhead(ApprovalDecision decision) {
    if (decision.goAhead()) {
      return decision;
    }
    FailureType type =
        decision.verdict() == ApprovalDecision.Verdict.REJECTED
            ? FailureType.APPROVAL_REJECTED
            : FailureType.APPROVAL_TIMED_OUT;
    throw Failures.nonRetryable(
        type, "failover not approved: " + decision.describe() + "; nothing was changed");
  }

  /**
   * The target must answer, and its database must be a replica recent enough for the service's RPO.
   */
  private String checkTarget(
      FailoverMode mode,
      ServiceSpec spec,
      String target,
      HealthReport report,
      ReplicationStatus status) {
    if (!report.canTakeOver()) {
      throw Failures.nonRetryable(
          FailureType.TARGET_UNHEALTHY, target + " cannot take over: " + report.summary());
    }
    if (status.role() != DatabaseRole.REPLICA) {
      throw Failures.nonRetryable(
          FailureType.TARGET_NOT_REPLICA,
          target
              + "'s database is not a replica (role "
              + status.role()
              + (status.error() == null ? "" : ": " + status.error())
              + "); nothing to promote");
    }
    long lag = status.lagMillis() == null ? 0 : status.lagMillis();
    // After an unplanned outage the lag only grows; loss is measured at promotion instead of
    // refused here.
    // A named target behind another standby is caught up before anything is fenced
    // (catch-up-target), so its lag now does not lengthen the fenced window.
    boolean catchesUpFirst = choice != null && !choice.elected() && choice.behindBytes() > 0;
    if (mode == FailoverMode.PLANNED && lag > spec.rpoMillis() && !catchesUpFirst) {
      throw Failures.nonRetryable(
          FailureType.REPLICATION_LAG_EXCEEDS_RPO,
          target + " lags " + lag + " ms behind, more than the RPO of " + spec.rpoMillis() + " ms");
    }
    return "healthy replica, lag "
        + lag
        + " ms at LSN "
        + status.replayLsn()
        + (catchesUpFirst ? "; " + choice.why() : "");
  }

  /**
   * A planned failover drains the old primary; one that is down needs an unplanned failover
   * instead.
   */
  private void requirePrimary(String source, ReplicationStatus status) {
    if (status.role() != DatabaseRole.PRIMARY) {
      throw Failures.nonRetryable(
          FailureType.SOURCE_NOT_PRIMARY,
          "a planned failover fences "
              + source
              + "'s primary and waits for its last LSN, but its database is "
              + status.role()
              + (status.error() == null ? "" : " (" + status.error() + ")")
              + "; use mode UNPLANNED if it is lost");
    }
  }

  /**
   * Unplanned: the old primary is believed gone. If it still answers as a primary it is fenced
   * before the promotion; if it does not answer it is isolated on its host (a hung or frozen server
   * is killed, and left to restart only as a replica), so it cannot come back as a second writable
   * primary. Where the topology gives no host access the service's reconciliation fences it when it
   * answers again.
   */
  private String fenceOrIsolate(String source, String target, ReplicationStatus status) {
    if (status.role() == DatabaseRole.PRIMARY) {
      return "still reachable: fenced at LSN "
          + SiteHosts.database(source).fence(service, source).finalLsn();
    }
    if (status.role() == DatabaseRole.REPLICA) {
      return source + " is a replica: nothing to fence";
    }
    try {
      return "unreachable: " + SiteHosts.database(source).isolate(service, source, target).how();
    } catch (ActivityFailure e) {
      return "unreachable, and could not be isolated ("
          + Failures.rootCause(e).getMessage()
          + "): service/"
          + service
          + " fences it if it answers again";
    }
  }

  /**
   * A planned failover leaves the old primary a streaming replica of the new one, so the service is
   * protected again without a failback. The failover itself has succeeded by now: a failure here is
   * reported, not thrown.
   */
  private boolean reprotect(String oldPrimary, String newPrimary) {
    try {
      timeline.run(
          "reprotect-source",
          () -> SiteHosts.database(oldPrimary).resyncAsReplica(service, oldPrimary, newPrimary),
          r ->
              oldPrimary
                  + " streams from "
                  + newPrimary
                  + " ("
                  + r.method()
                  + ", replayed "
                  + r.replayLsn()
                  + ")");
      return true;
    } catch (ActivityFailure e) {
      comms.update(
          "not re-protected: "
              + oldPrimary
              + " could not be made a replica of "
              + newPrimary
              + " ("
              + Failures.rootCause(e).getMessage()
              + ")");
      return false;
    }
  }

  private static void requireSite(ServiceSpec spec, String site, String field) {
    if (site == null || !spec.sites().contains(site)) {
      throw Failures.nonRetryable(
          FailureType.UNKNOWN_SITE,
          field
              + " '"
              + site
              + "' is not a site of "
              + spec.name()
              + " (sites: "
              + String.join(", ", spec.sites())
              + ")");
    }
  }

  @Override
  public ApprovalStatus approvals() {
    return approvals.status();
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
  public Progress progress() {
    return new Progress(
        "failover", service, state.name(), timeline.currentStep(), timeline.steps(), weights);
  }
}
