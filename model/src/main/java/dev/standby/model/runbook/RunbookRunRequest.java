package dev.standby.model.runbook;

/**
 * Input of the runbook workflow ({@code runbook/<service>}): the checked runbook itself, why and by
 * whom.
 */
public record RunbookRunRequest(Runbook runbook, String reason, String requestedBy) {}
