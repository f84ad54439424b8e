package dev.standby.workflows.region;

import dev.standby.activities.RegionActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalDecision;
import dev.standby.model.approval.ApprovalRequirement;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.region.OnServiceFailure;
import dev.standby.model.region.RegionFailoverRequest;
import dev.standby.model.region.RegionFailoverResult;
import dev.standby.model.region.RegionGroup;
import dev.standby.model.region.RegionOutcome;
import dev.standby.model.region.RegionPlan;
import dev.standby.model.region.RegionProgress;
import dev.standby.model.region.RegionServiceOutcome;
import dev.standby.model.region.RegionServiceStatus;
import dev.standby.model.region.RegionWorkflowNames;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.approval.ApprovalGate;
import dev.standby.workflows.comms.RunComms;
import dev.standby.workflows.failover.FailoverChildren;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class RegionFailoverWorkflowImpl implements RegionFailoverWorkflow {
  private final RegionActivities regions = Workflow.newActivityStub(RegionActivities.class);
  private final ApprovalGate gate = new ApprovalGate();

  /** Every service of the plan, in the plan's order: what the progress query and result show. */
  private final Map<String, RegionServiceOutcome> outcomes = new LinkedHashMap<>();

  private final List<String> notes = new ArrayList<>();
  private String site;
  private String phase = "resolving the plan";
  private int group;
  private int groups;

  @Override
  public RegionFailoverResult failover(RegionFailoverRequest request) {
    String problem = RegionFailoverRequest.problem(request);
    if (problem != null) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, problem);
    }
    site = request.site();
    long startedAt = Workflow.currentTimeMillis();
    // Every service's RTO counts from the incident (or the plan's start), not from its own
    // failover's start: a service of the last group waited for the groups before it.
    long clockFrom =
        request.incidentStartedAtMillis() != null ? request.incidentStartedAtMillis() : startedAt;
    Workflow.upsertTypedSearchAttributes(
        StandbySearchAttributes.KIND.valueSet("region"),
        StandbySearchAttributes.SITE.valueSet(site));

    RegionPlan plan = regions.plan(site);
    plan.skipped().forEach(s -> outcomes.put(s.service(), s));
    groups = plan.groups().size();
    for (int i = 0; i < groups; i++) {
      for (String service : plan.groups().get(i).services()) {
        outcomes.put(service, RegionServiceOutcome.pending(service, i + 1));
      }
    }
    if (!request.failedServices().isEmpty()) {
      notes.add(
          "started by the health monitors of: " + String.join(", ", request.failedServices()));
    }
    OnServiceFailure policy =
        request.onServiceFailure() != null ? request.onServiceFailure() : plan.onServiceFailure();

    String stopped = null;
    boolean rejected = false;
    for (int i = 0; i < groups; i++) {
      RegionGroup next = plan.groups().get(i);
      group = i + 1;
      if (stopped != null) {
        notStarted(next.services(), stopped);
        continue;
      }
      if (next.approvalBefore()) {
        phase =
            "waiting for approval of group "
                + group
                + " ("
                + String.join(", ", next.services())
                + ")";
        ApprovalDecision decision =
            gate.await(
                next.services().get(0),
                "group-" + group,
                request.mode()
                    + " failover of "
                    + String.join(", ", next.services())
                    + " away from "
                    + site
                    + " (group "
                    + group
                    + " of "
                    + groups
                    + " of "
                    + RegionWorkflowNames.planId(site)
                    + ")",
                request.approval() != null
                    ? request.approval()
                    : new ApprovalRequirement(null, null));
        notes.add("group " + group + ": " + decision.describe());
        if (!decision.goAhead()) {
          rejected = true;
          stopped = "group " + group + " was not approved: " + decision.describe();
          notStarted(next.services(), stopped);
          continue;
        }
      }
      phase = "group " + group + " of " + groups + " failing over";
      if (runGroup(next, plan, request, clockFrom, policy) && policy != OnServiceFailure.CONTINUE) {
        stopped =
            "a service of group "
                + group
                + " did not fail over (onServiceFailure: "
                + policy.word()
                + ")";
        notes.add(stopped);
      }
    }
    phase = "ended";
    group = 0;
    return result(startedAt, request, clockFrom, rejected, stopped != null);
  }

  /**
   * Runs one group: up to {@code maxParallel} failovers at once, until all ended or the group's
   * time is up. Returns whether a service of the group did not fail over.
   */
  private boolean runGroup(
      RegionGroup next,
      RegionPlan plan,
      RegionFailoverRequest request,
      long clockFrom,
      OnServiceFailure policy) {
    Deque<String> waiting = new ArrayDeque<>(next.services());
    Map<String, Promise<FailoverResult>> running = new LinkedHashMap<>();
    long deadline = Workflow.currentTimeMillis() + plan.groupTimeoutMillis();
    boolean failed = false;
    while (!waiting.isEmpty() || !running.isEmpty()) {
      while (running.size() < plan.maxParallel() && !waiting.isEmpty()) {
        String service = waiting.poll();
        running.put(service, start(service, request, clockFrom).result());
        outcomes.put(service, outcomes.get(service).running(WorkflowIds.failover(service)));
      }
      long left = deadline - Workflow.currentTimeMillis();
      boolean oneEnded =
          left > 0
              && Workflow.await(
                  Duration.ofMillis(left),
                  () -> running.values().stream().anyMatch(Promise::isCompleted));
      if (!oneEnded) {
        String why =
            "group "
                + group
                + " did not end within its timeout of "
                + Duration.ofMillis(plan.groupTimeoutMillis()).toSeconds()
                + " s";
        running
            .keySet()
            .forEach(s -> update(s, RegionServiceStatus.TIMED_OUT, why + "; its failover goes on"));
        notStarted(List.copyOf(waiting), why);
        notes.add(why);
        return true;
      }
      for (var ended : List.copyOf(running.entrySet())) {
        if (!ended.getValue().isCompleted()) {
          continue;
        }
        running.remove(ended.getKey());
        if (!record(ended.getKey(), ended.getValue(), clockFrom)) {
          failed = true;
          if (policy == OnServiceFailure.STOP) {
            notStarted(
                List.copyOf(waiting),
                ended.getKey() + " did not fail over (onServiceFailure: stop)");
            waiting.clear();
          }
        }
      }
    }
    return failed;
  }

  private FailoverChildren.Started start(
      String service, RegionFailoverRequest request, long clockFrom) {
    String reason =
        RegionWorkflowNames.planId(site)
            + (request.reason() == null || request.reason().isBlank()
                ? ""
                : ": " + request.reason());
    // No target: each service's failover elects its own among its replicas. The source is the
    // plan's site, so a service whose primary moved meanwhile is refused, not moved back.
    return FailoverChildren.start(
        new FailoverRequest(
            service,
            null,
            request.mode(),
            site,
            reason,
            request.requestedBy() == null ? "region plan" : request.requestedBy(),
            clockFrom,
            null,
            null));
  }

  /** Records how a service's failover ended; true when its target serves it. */
  private boolean record(String service, Promise<FailoverResult> ended, long clockFrom) {
    FailoverResult result;
    try {
      result = ended.get();
    } catch (RuntimeException e) {
      update(service, RegionServiceStatus.FAILED, RunComms.why(e));
      return false;
    }
    long servedAt = clockFrom + result.rtoMillis();
    outcomes.put(
        service,
        outcomes
            .get(service)
            .served(
                result.targetSite(),
                servedAt,
                result.rtoMillis(),
                result.lossWindowMillis(),
                result.dataLoss() == null ? null : result.dataLoss().summary()));
    return true;
  }

  private void update(String service, RegionServiceStatus status, String why) {
    outcomes.put(service, outcomes.get(service).with(status, why));
  }

  private void notStarted(List<String> services, String why) {
    services.forEach(s -> update(s, RegionServiceStatus.NOT_STARTED, why));
  }

  private RegionFailoverResult result(
      long startedAt,
      RegionFailoverRequest request,
      long clockFrom,
      boolean rejected,
      boolean stopped) {
    List<RegionServiceOutcome> all = List.copyOf(outcomes.values());
    long moving = all.stream().filter(o -> o.status() != RegionServiceStatus.SKIPPED).count();
    long served = all.stream().filter(o -> o.status() == RegionServiceStatus.SUCCEEDED).count();
    Long lastServed =
        all.stream()
            .map(RegionServiceOutcome::servedAtMillis)
            .filter(t -> t != null)
            .max(Long::compare)
            .orElse(null);
    RegionOutcome outcome;
    if (moving == 0) {
      outcome = RegionOutcome.NOTHING_TO_MOVE;
    } else if (rejected) {
      outcome = RegionOutcome.REJECTED;
    } else if (stopped) {
      outcome = RegionOutcome.STOPPED;
    } else if (served == moving) {
      outcome = RegionOutcome.SUCCEEDED;
    } else {
      outcome = served > 0 ? RegionOutcome.PARTIAL : RegionOutcome.FAILED;
    }
    return new RegionFailoverResult(
        site,
        outcome,
        startedAt,
        Workflow.currentTimeMillis(),
        request.incidentStartedAtMillis(),
        lastServed == null ? null : lastServed - clockFrom,
        all,
        notes);
  }

  @Override
  public RegionProgress progress() {
    return new RegionProgress(
        site, phase, group, groups, gate.status().pendingStep(), List.copyOf(outcomes.values()));
  }

  @Override
  public ApprovalStatus approvals() {
    return gate.status();
  }

  @Override
  public void approve(Approval approval) {
    gate.approve(approval);
  }

  @Override
  public void reject(Approval approval) {
    gate.reject(approval);
  }
}
