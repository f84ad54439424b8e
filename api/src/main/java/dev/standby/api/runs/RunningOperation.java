package dev.standby.api.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.standby.api.temporal.WorkflowLinks;
import dev.standby.model.service.Operation;
import java.time.Instant;

/**
 * The operation that holds a service, as people see it: what it is, who asked, and where its
 * history is in the Temporal UI.
 *
 * @param kind {@code failover}, {@code failback}, {@code drill}, {@code backup}, {@code
 *     restore-verify} or {@code runbook}
 * @param onBehalfOf the operation this run belongs to (a drill's failover), when there is one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunningOperation(
    String kind,
    String workflowId,
    String runId,
    String requestedBy,
    boolean planned,
    String startedAt,
    String onBehalfOf,
    String uiUrl) {

  /** Null for no operation. */
  public static RunningOperation of(Operation operation, WorkflowLinks links) {
    if (operation == null) {
      return null;
    }
    return new RunningOperation(
        operation.kind().label(),
        operation.workflowId(),
        operation.runId(),
        operation.requestedBy(),
        operation.planned(),
        operation.startedAtMillis() <= 0
            ? null
            : Instant.ofEpochMilli(operation.startedAtMillis()).toString(),
        operation.onBehalfOf(),
        links.run(operation.workflowId(), operation.runId()));
  }

  /** For messages: "the drill drill/payments requested by alice". */
  public String describe() {
    return "the "
        + kind
        + " "
        + workflowId
        + (requestedBy == null ? "" : " requested by " + requestedBy);
  }
}
