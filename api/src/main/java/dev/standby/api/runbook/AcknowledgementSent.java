package dev.standby.api.runbook;

/** What {@code acknowledge} signalled: which run, which step, by whom. */
public record AcknowledgementSent(String workflowId, String runId, String step, String by) {}
