package dev.standby.api.approval;

/**
 * The answer to an approve or reject: which run and step, the answer sent, by whom, at which
 * contact level.
 */
public record ApprovalSent(
    String workflowId, String runId, String step, String answer, String by, int level) {}
