package dev.standby.model;

import java.util.List;

/**
 * That a run waits for a person's approval before its risky step, and how it escalates when nobody
 * answers: level 1, then 2, then 3, each with its own timeout; after the last, {@code onTimeout} applies.
 * In a failover request: {@code "approval": {"levels": [{"timeoutSeconds": 300, "contacts": ["U01"]}],
 * "onTimeout": "KEEP_WAITING"}}, or {@code "approval": {}} for the default levels.
 */
public record ApprovalRequirement(List<ApprovalLevel> levels, ApprovalTimeoutAction onTimeout) {
  /** Fifteen minutes for the on-call, fifteen for their backup, thirty for the service's owner. */
  public static final List<ApprovalLevel> DEFAULT_LEVELS = List.of(
      new ApprovalLevel(900, List.of()), new ApprovalLevel(900, List.of()), new ApprovalLevel(1800, List.of()));

  public ApprovalRequirement {
    levels = levels == null || levels.isEmpty() ? DEFAULT_LEVELS : List.copyOf(levels);
    onTimeout = onTimeout == null ? ApprovalTimeoutAction.KEEP_WAITING : onTimeout;
  }

  public static ApprovalRequirement of(ApprovalTimeoutAction onTimeout, long... levelTimeoutsSeconds) {
    List<ApprovalLevel> levels = java.util.Arrays.stream(levelTimeoutsSeconds)
        .mapToObj(seconds -> new ApprovalLevel(seconds, List.of())).toList();
    return new ApprovalRequirement(levels, onTimeout);
  }
}
