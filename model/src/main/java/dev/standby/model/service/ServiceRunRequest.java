package dev.standby.model.service;

/**
 * Starts (or continues) {@code service/<name>}.
 *
 * @param reconcileIntervalMillis how often every site's database is read (null: 5 s)
 * @param watchFromStart the health monitor is on when the service first starts (the topology's
 *     {@code monitor.watch})
 * @param carried the state a continued run goes on with; null on the first run, which starts from
 *     the topology's {@code primarySite} and then believes what it observes
 */
public record ServiceRunRequest(
    String service, Long reconcileIntervalMillis, boolean watchFromStart, ServiceState carried) {

  public static final long DEFAULT_RECONCILE_MILLIS = 5_000;

  public static ServiceRunRequest of(String service) {
    return new ServiceRunRequest(service, null, false, null);
  }

  public long reconcileEveryMillis() {
    return reconcileIntervalMillis == null ? DEFAULT_RECONCILE_MILLIS : reconcileIntervalMillis;
  }

  public ServiceRunRequest carrying(ServiceState state) {
    return new ServiceRunRequest(service, reconcileIntervalMillis, watchFromStart, state);
  }
}
