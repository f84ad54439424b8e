package dev.standby.model;

/**
 * Input of the failover workflow. This is the JSON an operator pastes into the Temporal UI, e.g.
 * {@code {"service":"payments","targetSite":"site-b","mode":"PLANNED","reason":"maintenance"}}.
 *
 * @param sourceSite optional; defaults to the service's other site
 * @param incidentStartedAtMillis optional; when the incident began (first failed probe), the start of the RTO clock
 */
public record FailoverRequest(
    String service,
    String targetSite,
    FailoverMode mode,
    String sourceSite,
    String reason,
    String requestedBy,
    Long incidentStartedAtMillis) {

  public FailoverRequest {
    if (mode == null) {
      mode = FailoverMode.PLANNED;
    }
  }

  public static FailoverRequest planned(String service, String targetSite, String reason) {
    return new FailoverRequest(service, targetSite, FailoverMode.PLANNED, null, reason, null, null);
  }

  public static FailoverRequest unplanned(String service, String targetSite, String reason, long incidentStartedAtMillis) {
    return new FailoverRequest(service, targetSite, FailoverMode.UNPLANNED, null, reason, null, incidentStartedAtMillis);
  }
}
