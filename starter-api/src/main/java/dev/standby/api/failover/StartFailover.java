package dev.standby.api.failover;

import dev.standby.api.validation.Name;
import dev.standby.model.FailoverMode;
import dev.standby.model.FailoverRequest;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /failovers}. The mode has no default here, unlike the workflow's input: whoever
 * moves production says whether the old primary is alive.
 */
public record StartFailover(
    @NotNull(message = "is required") @Name String service,
    @NotNull(message = "is required") @Name String targetSite,
    @NotNull(message = "is required (PLANNED or UNPLANNED)") FailoverMode mode,
    @Size(max = 1000) String reason) {

  FailoverRequest toRequest(String requestedBy) {
    return new FailoverRequest(service, targetSite, mode, null, reason, requestedBy, null);
  }
}
