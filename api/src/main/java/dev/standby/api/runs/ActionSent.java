package dev.standby.api.runs;

/**
 * The answer to a pause, resume or abort: which run, what was asked, by whom, and how it was
 * delivered ({@code signal}, or {@code cancel} for a workflow that has no abort signal).
 */
public record ActionSent(
    String workflowId, String runId, String action, String by, String via, String uiUrl) {}
