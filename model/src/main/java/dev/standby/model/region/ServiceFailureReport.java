package dev.standby.model.region;

/** A health monitor's detection, sent to its site's region trigger instead of a failover. */
public record ServiceFailureReport(
    String site,
    String service,
    String failoverTarget,
    long firstFailureAtMillis,
    long detectedAtMillis,
    String summary) {}
