package dev.standby.api.approval;

import dev.standby.model.approval.ApprovalLevel;
import dev.standby.model.approval.ApprovalRequirement;
import dev.standby.model.approval.ApprovalTimeoutAction;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code "approval"} in a start request: wait for an approver before changing anything. Without
 * levels the workflow's defaults apply (15, 15 and 30 minutes); without onTimeout it keeps waiting.
 */
public record ApprovalBody(
    @Size(max = 3, message = "has at most 3 contact levels") List<@Valid @NotNull Level> levels,
    ApprovalTimeoutAction onTimeout) {

  /** One contact level; a week is the longest anyone should leave a DR step waiting unattended. */
  public record Level(
      @Min(value = 1, message = "must be at least 1 second")
          @Max(value = 604_800, message = "must be at most a week")
          long timeoutSeconds,
      @Size(max = 20) List<@NotNull @Size(min = 1, max = 100) String> contacts) {}

  public ApprovalRequirement toRequirement() {
    List<ApprovalLevel> converted =
        levels == null
            ? null
            : levels.stream()
                .map(level -> new ApprovalLevel(level.timeoutSeconds(), level.contacts()))
                .toList();
    return new ApprovalRequirement(converted, onTimeout);
  }
}
