package dev.standby.model.readiness;

import java.util.List;

/**
 * Whether a service's DR plan would work now: every finding, the worst of them, and the RTO the
 * plan would achieve (detection, plus the last failover's measured duration, plus the DNS TTL where
 * DNS routes the traffic) against the objective.
 */
public record Readiness(
    String service,
    long evaluatedAtMillis,
    ReadinessStatus status,
    List<Finding> findings,
    Long projectedRtoMillis,
    long rtoObjectiveMillis,
    long evaluations) {

  /** The findings that are not OK, worst first, as one line. */
  public String summary() {
    List<Finding> bad =
        findings.stream()
            .filter(f -> f.status() != ReadinessStatus.OK)
            .sorted((a, b) -> b.status().compareTo(a.status()))
            .toList();
    if (bad.isEmpty()) {
      return status + ": " + findings.size() + " checks ok";
    }
    return status
        + ": "
        + String.join("; ", bad.stream().map(f -> f.area() + " " + f.reason()).toList());
  }
}
