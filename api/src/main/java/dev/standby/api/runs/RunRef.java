package dev.standby.api.runs;

/** The run a request started or acted on, and where to watch it. */
public record RunRef(String workflowId, String runId, String uiUrl) {}
