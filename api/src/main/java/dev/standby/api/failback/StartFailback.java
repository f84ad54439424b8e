package dev.standby.api.failback;

import dev.standby.api.validation.Name;
import dev.standby.model.GateFailureAction;
import dev.standby.model.failback.FailbackRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code POST /failbacks}. Only the service is required: everything else defaults to
 * the service's {@code failback} block in the topology (steps 10/25/50/75/100, 5 minute bakes, back
 * to the primary site).
 *
 * @param approvalAt steps (percentages) that wait for an approver, asked through the service's
 *     contact levels
 */
public record StartFailback(
    @NotNull(message = "is required") @Name String service,
    @Name String targetSite,
    @Size(min = 1, max = 20, message = "must list 1 to 20 steps")
        List<@NotNull @Min(1) @Max(100) Integer> steps,
    @Min(value = 1, message = "must be at least 1 second")
        @Max(value = 86_400, message = "must be at most a day")
        Long bakeSeconds,
    @Size(max = 20) List<@NotNull @Min(1) @Max(100) Integer> approvalAt,
    GateFailureAction onGateFailure,
    @Size(max = 1000) String reason,
    @Min(1) @Max(100) Integer switchDatabaseAt) {

  FailbackRequest toRequest(String requestedBy) {
    return new FailbackRequest(
        service,
        targetSite,
        steps,
        bakeSeconds == null ? null : bakeSeconds * 1000,
        approvalAt,
        onGateFailure,
        reason,
        requestedBy,
        switchDatabaseAt);
  }
}
