package dev.standby.model.approval;

import java.util.List;

/**
 * That a run waits for a person's approval before its risky step, and how it escalates when nobody
 * answers: level 1, then 2, then 3, each with its own timeout; after the last, {@code onTimeout}
 * applies. In a failover request: {@code "approval": {"levels": [{"timeoutSeconds": 300,
 * "contacts": ["U01"]}], "onTimeout": "KEEP_WAITING"}}, or {@code "approval": {}} for the service's
 * levels from the topology ({@link #orElse}), and without those the default levels.
 *
 * @param levels empty when the request names none; {@link #levelsOrDefault} is what a gate asks
 * @param onTimeout null when the request names none; {@link #onTimeoutOrDefault} is what a gate
 *     does
 */
public record ApprovalRequirement(List<ApprovalLevel> levels, ApprovalTimeoutAction onTimeout) {
  /** Fifteen minutes for the on-call, fifteen for their backup, thirty for the service's owner. */
  public static final List<ApprovalLevel> DEFAULT_LEVELS =
      List.of(
          new ApprovalLevel(900, List.of()),
          new ApprovalLevel(900, List.of()),
          new ApprovalLevel(1800, List.of()));

  public ApprovalRequirement {
    levels = levels == null ? List.of() : List.copyOf(levels);
  }

  public List<ApprovalLevel> levelsOrDefault() {
    return levels.isEmpty() ? DEFAULT_LEVELS : levels;
  }

  public ApprovalTimeoutAction onTimeoutOrDefault() {
    return onTimeout == null ? ApprovalTimeoutAction.KEEP_WAITING : onTimeout;
  }

  /**
   * This requirement, with what it leaves open taken from {@code fallback} (the service's
   * topology).
   */
  public ApprovalRequirement orElse(ApprovalRequirement fallback) {
    return new ApprovalRequirement(
        levels.isEmpty() ? fallback.levels() : levels,
        onTimeout == null ? fallback.onTimeout() : onTimeout);
  }

  public static ApprovalRequirement of(
      ApprovalTimeoutAction onTimeout, long... levelTimeoutsSeconds) {
    List<ApprovalLevel> levels =
        java.util.Arrays.stream(levelTimeoutsSeconds)
            .mapToObj(seconds -> new ApprovalLevel(seconds, List.of()))
            .toList();
    return new ApprovalRequirement(levels, onTimeout);
  }
}
