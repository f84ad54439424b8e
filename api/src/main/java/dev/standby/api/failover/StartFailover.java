package dev.standby.api.failover;

import dev.standby.api.approval.ApprovalBody;
import dev.standby.api.validation.Name;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /failovers}. The mode has no default here, unlike the workflow's input:
 * whoever moves production says whether the old primary is alive. With {@code approval}, the run
 * waits for an approver after its checks and before it changes anything. Without {@code targetSite}
 * the failover elects its target among the standbys; {@code acceptLoss} lets an unplanned failover
 * go to a named target that replayed less than another standby.
 */
public record StartFailover(
    @NotNull(message = "is required") @Name String service,
    @Name String targetSite,
    @NotNull(message = "is required (PLANNED or UNPLANNED)") FailoverMode mode,
    @Size(max = 1000) String reason,
    @Valid ApprovalBody approval,
    Boolean acceptLoss) {

  public StartFailover(
      String service, String targetSite, FailoverMode mode, String reason, ApprovalBody approval) {
    this(service, targetSite, mode, reason, approval, null);
  }

  FailoverRequest toRequest(String requestedBy) {
    return new FailoverRequest(
        service,
        targetSite,
        mode,
        null,
        reason,
        requestedBy,
        null,
        approval == null ? null : approval.toRequirement(),
        null,
        Boolean.TRUE.equals(acceptLoss),
        null);
  }
}
