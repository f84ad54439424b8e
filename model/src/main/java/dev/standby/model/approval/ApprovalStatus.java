package dev.standby.model.approval;

import java.util.List;

/**
 * What the {@code approvals} query answers: the step waiting for an answer now (null when none) and
 * the decisions taken so far.
 */
public record ApprovalStatus(String pendingStep, int level, List<ApprovalDecision> decisions) {}
