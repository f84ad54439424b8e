package dev.standby.model.monitor;

/**
 * Input of the health monitor, e.g. {@code {"service":"payments"}}. Null fields take the topology's
 * values: the watched site is the service's primary, the failover target its other site.
 *
 * @param carried state carried across continue-as-new; null on a fresh start
 * @param onBehalfOf the admitted operation the failover it starts belongs to (a drill's own
 *     monitor), or null
 */
public record MonitorRequest(
    String service,
    String site,
    String failoverTarget,
    Long intervalMillis,
    Integer failureThreshold,
    Integer maxProbesPerRun,
    MonitorState carried,
    String onBehalfOf) {

  public MonitorRequest(
      String service,
      String site,
      String failoverTarget,
      Long intervalMillis,
      Integer failureThreshold,
      Integer maxProbesPerRun,
      MonitorState carried) {
    this(
        service,
        site,
        failoverTarget,
        intervalMillis,
        failureThreshold,
        maxProbesPerRun,
        carried,
        null);
  }

  public static MonitorRequest of(String service) {
    return new MonitorRequest(service, null, null, null, null, null, null, null);
  }

  public MonitorRequest carrying(MonitorState state) {
    return new MonitorRequest(
        service,
        site,
        failoverTarget,
        intervalMillis,
        failureThreshold,
        maxProbesPerRun,
        state,
        onBehalfOf);
  }
}
