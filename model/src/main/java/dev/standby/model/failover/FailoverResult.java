package dev.standby.model.failover;

import dev.standby.model.StepRecord;
import dev.standby.model.traffic.ServingReport;
import java.util.List;
import java.util.Map;

/**
 * @param rtoMillis from the incident start (or the workflow start) to the first request the target
 *     served through the front door
 */
public record FailoverResult(
    String service,
    String sourceSite,
    String targetSite,
    FailoverMode mode,
    long startedAtMillis,
    long completedAtMillis,
    Long incidentStartedAtMillis,
    long rtoMillis,
    DataLossEvidence dataLoss,
    ServingReport verification,
    Map<String, Integer> weights,
    List<StepRecord> steps) {}
