package dev.standby.model.drill;



import java.util.List;

/**
 * Input of the drill workflow, e.g. {@code {"service":"payments","type":"CHAOS","fault":"KILL_DB"}}. Null fields
 * take the topology's values.
 *
 * @param fault chaos only; KILL_DB by default
 * @param latencyMillis for ADD_LATENCY: how much (default 2000)
 * @param steps tabletop only: the steps people walk through and acknowledge
 * @param stepTimeoutMillis tabletop only: how long a step may wait for its acknowledgement (default 3x its estimate)
 * @param monitorFailureThreshold chaos only: failed probes before the monitor fails over (default: the topology's)
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
    return new DrillRequest(service, DrillType.CHAOS, fault, null, null, null, null, null, null, null, null, null);
  }

  public static DrillRequest simulated(String service) {
    return new DrillRequest(service, DrillType.SIMULATED, null, null, null, null, null, null, null, null, null, null);
  }

  public static DrillRequest tabletop(String service, List<TabletopStep> steps) {
    return new DrillRequest(service, DrillType.TABLETOP, null, null, null, steps, null, null, null, null, null, null);
  }

  /** What a drill schedule starts, saying so in its reason and requester. */
  public static DrillRequest scheduled(String service, DrillType type, FaultKind fault, String cron) {
    return new DrillRequest(service, type, fault, null, null, null, null, null, null, null,
        "scheduled drill (" + cron + ")", "schedule");
  }

  public DrillRequest withObjectives(DrillObjectives value) {
    return new DrillRequest(service, type, fault, latencyMillis, value, steps, stepTimeoutMillis, stop,
        monitorFailureThreshold, failback, reason, requestedBy);
  }

  public DrillRequest withStop(StopConditions value, Integer threshold) {
    return new DrillRequest(service, type, fault, latencyMillis, objectives, steps, stepTimeoutMillis, value, threshold,
        failback, reason, requestedBy);
  }

  public DrillRequest withLatency(long millis) {
    return new DrillRequest(service, type, fault, millis, objectives, steps, stepTimeoutMillis, stop,
        monitorFailureThreshold, failback, reason, requestedBy);
  }

  public DrillRequest withoutFailback() {
    return new DrillRequest(service, type, fault, latencyMillis, objectives, steps, stepTimeoutMillis, stop,
        monitorFailureThreshold, false, reason, requestedBy);
  }

  public FaultKind faultOrDefault() {
    return fault == null ? FaultKind.KILL_DB : fault;
  }

  public boolean failsBack() {
    return failback == null || failback;
  }
}
