package dev.standby.model.drill;

import dev.standby.model.service.ScheduleRequester;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Input of the drill workflow, e.g. {@code
 * {"service":"payments","type":"CHAOS","fault":"KILL_DB"}}. Null fields take the topology's values.
 *
 * @param fault chaos only; KILL_DB by default
 * @param latencyMillis for ADD_LATENCY: how much (default 2000)
 * @param steps tabletop only: the steps people walk through and acknowledge
 * @param stepTimeoutMillis tabletop only: how long a step may wait for its acknowledgement (default
 *     3x its estimate)
 * @param monitorFailureThreshold chaos only: failed probes before the monitor fails over (default:
 *     the topology's)
 * @param failback whether the drill brings the service home afterwards (default true)
 */
public record DrillRequest(
    String service,
    DrillType type,
    FaultKind fault,
    Long latencyMillis,
    DrillObjectives objectives,
    List<TabletopStep> steps,
    Long stepTimeoutMillis,
    StopConditions stop,
    Integer monitorFailureThreshold,
    Boolean failback,
    String reason,
    String requestedBy) {

  public static DrillRequest chaos(String service, FaultKind fault) {
    return new DrillRequest(
        service, DrillType.CHAOS, fault, null, null, null, null, null, null, null, null, null);
  }

  public static DrillRequest simulated(String service) {
    return new DrillRequest(
        service, DrillType.SIMULATED, null, null, null, null, null, null, null, null, null, null);
  }

  /** A practice failover: a clone and an isolated app, production untouched. */
  public static DrillRequest practice(String service) {
    return new DrillRequest(
        service, DrillType.PRACTICE, null, null, null, null, null, null, null, null, null, null);
  }

  public static DrillRequest tabletop(String service, List<TabletopStep> steps) {
    return new DrillRequest(
        service, DrillType.TABLETOP, null, null, null, steps, null, null, null, null, null, null);
  }

  /** What a drill schedule starts, saying so in its reason and requester. */
  public static DrillRequest scheduled(
      String service, DrillType type, FaultKind fault, String cron) {
    return new DrillRequest(
        service,
        type,
        fault,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "scheduled drill (" + cron + ")",
        ScheduleRequester.NAME);
  }

  public DrillRequest withObjectives(DrillObjectives value) {
    return new DrillRequest(
        service,
        type,
        fault,
        latencyMillis,
        value,
        steps,
        stepTimeoutMillis,
        stop,
        monitorFailureThreshold,
        failback,
        reason,
        requestedBy);
  }

  public DrillRequest withStop(StopConditions value, Integer threshold) {
    return new DrillRequest(
        service,
        type,
        fault,
        latencyMillis,
        objectives,
        steps,
        stepTimeoutMillis,
        value,
        threshold,
        failback,
        reason,
        requestedBy);
  }

  public DrillRequest withLatency(long millis) {
    return new DrillRequest(
        service,
        type,
        fault,
        millis,
        objectives,
        steps,
        stepTimeoutMillis,
        stop,
        monitorFailureThreshold,
        failback,
        reason,
        requestedBy);
  }

  public DrillRequest withoutFailback() {
    return new DrillRequest(
        service,
        type,
        fault,
        latencyMillis,
        objectives,
        steps,
        stepTimeoutMillis,
        stop,
        monitorFailureThreshold,
        false,
        reason,
        requestedBy);
  }

  /**
   * The first reason {@code request} cannot start a drill, or null when it can. The API answers it
   * as a 422 before anything starts, and the workflow refuses with it (INVALID_INPUT) before it
   * changes anything.
   */
  public static String problem(DrillRequest request) {
    if (request == null || request.service() == null || request.service().isBlank()) {
      return "drill request: 'service' is required";
    }
    if (request.type() == null) {
      return "drill request: 'type' is required (TABLETOP, SIMULATED, CHAOS or PRACTICE)";
    }
    if (request.objectives() != null && request.objectives().problem() != null) {
      return "drill request: " + request.objectives().problem();
    }
    if (request.type() == DrillType.TABLETOP) {
      String steps = stepsProblem(request.steps());
      if (steps != null) {
        return steps;
      }
    } else if (request.steps() != null && !request.steps().isEmpty()) {
      return "drill request: 'steps' are for tabletop drills only";
    }
    if (request.type() != DrillType.CHAOS && request.fault() != null) {
      return "drill request: 'fault' is for chaos drills only";
    }
    if (request.stop() != null
        && (request.stop().maxErrorRate() == null) != (request.stop().windowMillis() == null)) {
      return "drill request: stop needs both maxErrorRate and windowMillis";
    }
    return null;
  }

  /** What a tabletop step may name: the primary, the failover's target, each other replica. */
  private static final Set<String> SITE_PLACEHOLDERS = Set.of("{source}", "{target}", "{replica}");

  private static String stepsProblem(List<TabletopStep> steps) {
    if (steps == null || steps.isEmpty()) {
      return "drill request: a tabletop drill needs 'steps' (name, owner, estimatedMillis)";
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < steps.size(); i++) {
      TabletopStep s = steps.get(i);
      if (s == null || s.name() == null || s.name().isBlank()) {
        return "drill request: steps[" + i + "].name is required";
      }
      java.util.regex.Matcher placeholder =
          java.util.regex.Pattern.compile("\\{([^}]*)}").matcher(s.name());
      while (placeholder.find()) {
        if (!SITE_PLACEHOLDERS.contains(placeholder.group())) {
          return "drill request: steps["
              + i
              + "].name '"
              + s.name()
              + "' names "
              + placeholder.group()
              + ": a step names sites with {source}, {target} or {replica}";
        }
      }
      if (!names.add(s.name())) {
        return "drill request: steps[" + i + "].name '" + s.name() + "' is used twice";
      }
      if (s.estimatedMillis() <= 0) {
        return "drill request: steps[" + i + "].estimatedMillis must be positive";
      }
    }
    return null;
  }

  public FaultKind faultOrDefault() {
    return fault == null ? FaultKind.KILL_DB : fault;
  }

  public boolean failsBack() {
    return failback == null || failback;
  }
}
