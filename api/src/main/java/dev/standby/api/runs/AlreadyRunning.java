package dev.standby.api.runs;

/**
 * The 409 answer to a start while a run is in progress: the error, and the run that is in the way.
 */
public record AlreadyRunning(String error, String workflowId, String runId, String uiUrl) {}
