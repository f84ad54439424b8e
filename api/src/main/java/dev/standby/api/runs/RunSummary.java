package dev.standby.api.runs;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * @param status Temporal's execution status without its prefix: RUNNING, COMPLETED, FAILED,
 *     CANCELED, TERMINATED, TIMED_OUT
 * @param closedAt absent while the run is open
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(
    String workflowId,
    String runId,
    String status,
    String startedAt,
    String closedAt,
    String uiUrl) {}
