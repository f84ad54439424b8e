package dev.standby.workflows.failback;

import dev.standby.model.FailbackPolicy;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.GateFailureAction;
import dev.standby.model.ServiceSpec;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.failback.FailbackSteps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failback's settings, the request's where it gives them and the topology's elsewhere, checked
 * before anything is touched: a request that cannot be run fails with a typed, non-retryable
 * failure naming the problem.
 */
record FailbackPlan(
    String service,
    String target,
    String from,
    List<String> sites,
    List<Integer> steps,
    long bakeMillis,
    long sampleEveryMillis,
    int sampleRequests,
    double maxErrorRate,
    long maxLatencyMillis,
    GateFailureAction onGateFailure,
    List<Integer> approvalAt,
    int switchDatabaseAt) {

  /**
   * @param primary the service's primary now (its state's): the failback moves away from it, by
   *     default home to the topology's {@code primarySite}
   */
  static FailbackPlan resolve(FailbackRequest request, ServiceSpec spec, String primary) {
    FailbackPolicy policy = spec.failback() != null ? spec.failback() : FailbackPolicy.DEFAULTS;
    String target = request.targetSite() != null ? request.targetSite() : spec.primarySite();
    if (!spec.sites().contains(target)) {
      throw Failures.nonRetryable(
          FailureType.UNKNOWN_SITE,
          "failback request: targetSite '"
              + target
              + "' is not a site of "
              + spec.name()
              + " (sites: "
              + String.join(", ", spec.sites())
              + "); nothing changed");
    }
    if (spec.backupOnly(target)) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "failback request: "
              + target
              + " is a backup-only site of "
              + spec.name()
              + ": it holds copies, never traffic; nothing changed");
    }
    if (target.equals(primary)) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "failback request: "
              + target
              + " is already the primary of "
              + spec.name()
              + (request.targetSite() == null ? " (its home, the topology's primarySite)" : "")
              + "; nothing to fail back, nothing changed");
    }
    List<Integer> steps = request.steps() != null ? request.steps() : policy.steps();
    String problem = FailbackSteps.problem(steps);
    if (problem != null) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "failback request: steps " + steps + " rejected, nothing changed: " + problem);
    }
    long bake = request.bakeMillis() != null ? request.bakeMillis() : policy.bakeMillis();
    if (bake < 1) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "failback request: bakeMillis must be positive, was " + bake + "; nothing changed");
    }
    List<Integer> approvals = request.approvalAt() != null ? request.approvalAt() : List.of();
    List<Integer> unknown = approvals.stream().filter(a -> !steps.contains(a)).toList();
    if (!unknown.isEmpty()) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "failback request: approvalAt "
              + unknown
              + " names no step (steps: "
              + steps
              + "); nothing changed");
    }
    int switchAt =
        request.switchDatabaseAt() != null ? request.switchDatabaseAt() : policy.switchDatabaseAt();
    if (!steps.contains(switchAt)) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "failback request: switchDatabaseAt "
              + switchAt
              + " is not one of the steps "
              + steps
              + "; nothing changed");
    }
    return new FailbackPlan(
        spec.name(),
        target,
        primary,
        spec.trafficSites(),
        List.copyOf(steps),
        bake,
        Math.max(1, Math.min(policy.sampleEveryMillis(), bake)),
        policy.sampleRequests(),
        policy.maxErrorRate(),
        policy.maxLatencyMillis(),
        request.onGateFailure() != null ? request.onGateFailure() : policy.onGateFailure(),
        List.copyOf(approvals),
        switchAt);
  }

  /**
   * {@code percent} of the traffic to the target, the rest to the site it fails back from, none
   * elsewhere.
   */
  Map<String, Integer> weights(int percent) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    sites.forEach(
        site ->
            weights.put(
                site, site.equals(target) ? percent : site.equals(from) ? 100 - percent : 0));
    return weights;
  }

  boolean needsApproval(int percent) {
    return approvalAt.contains(percent);
  }
}
