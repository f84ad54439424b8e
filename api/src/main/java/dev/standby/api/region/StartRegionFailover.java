package dev.standby.api.region;

import dev.standby.api.approval.ApprovalBody;
import dev.standby.api.validation.Name;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.region.OnServiceFailure;
import dev.standby.model.region.RegionFailoverRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /region-failovers}: the site whose services move. The mode defaults to
 * UNPLANNED, as a region plan is for a site that is gone; {@code onServiceFailure} overrides the
 * plan's ({@code continue}, {@code stop-after-group}, {@code stop}).
 */
public record StartRegionFailover(
    @NotNull(message = "is required") @Name String site,
    FailoverMode mode,
    @Size(max = 1000) String reason,
    String onServiceFailure,
    @Valid ApprovalBody approval) {

  /** The policy the body names, or null; 422 names the words when it names none of them. */
  OnServiceFailure policy() {
    if (onServiceFailure == null) {
      return null;
    }
    OnServiceFailure policy = OnServiceFailure.parse(onServiceFailure);
    if (policy == null) {
      throw new dev.standby.api.errors.ApiException(
          422,
          "onServiceFailure '" + onServiceFailure + "' is not one of: " + OnServiceFailure.words());
    }
    return policy;
  }

  RegionFailoverRequest toRequest(String requestedBy) {
    return new RegionFailoverRequest(
        site,
        mode,
        reason,
        requestedBy,
        null,
        policy(),
        approval == null ? null : approval.toRequirement(),
        null);
  }
}
