package dev.standby.api.runs;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One run in {@code GET /runs}: what it is (from its search attributes), its status and where to
 * watch it.
 *
 * @param kind the StandbyKind search attribute: failover, failback, monitor, drill, backup,
 *     runbook, ...
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunListing(
    String workflowId,
    String runId,
    String kind,
    String service,
    String site,
    String workflowType,
    String status,
    String startedAt,
    String closedAt,
    String uiUrl) {}
