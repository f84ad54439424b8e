package dev.standby.api.runs;

import dev.standby.api.approval.ApprovalSent;
import dev.standby.api.errors.ApiError;
import dev.standby.api.errors.ApiException;
import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalStatus;
import jakarta.ws.rs.core.Response;
import java.time.Clock;

/**
 * Answers a run's wait for approval, for the REST API and for Slack alike. It signals only a run
 * that is waiting for that step right now, so a request that cannot be honoured changes nothing and
 * says why; the workflow itself ignores repeats, so two clicks that pass this check at once still
 * approve once.
 */
public final class RunApprovals {
  private final WorkflowRuns runs;
  private final Clock clock;

  public RunApprovals(WorkflowRuns runs, Clock clock) {
    this.runs = runs;
    this.clock = clock;
  }

  /**
   * @param step the step answered; null for whichever step is waiting
   * @return what was sent
   */
  public ApprovalSent answer(
      ServiceRun run, String step, String by, String comment, boolean approve) {
    return answer(runs.latest(run), step, by, comment, approve);
  }

  /**
   * Answers any run that waits through an approval gate: one whose workflow has {@code approve} and
   * {@code reject} signals taking an {@link Approval} and an {@code approvals} query. A workflow
   * without them gets a 409.
   */
  public ApprovalSent answer(
      LatestRun latest, String step, String by, String comment, boolean approve) {
    ServiceRun run = latest.described();
    if (latest.isRunning()) {
      QueryAnswer<java.util.Set<String>> signals = latest.signalNames();
      String signal = approve ? "approve" : "reject";
      if (signals.value() != null && !signals.value().contains(signal)) {
        throw conflict(
            "the "
                + run.describe()
                + " does not take approvals (its signals: "
                + String.join(", ", signals.value())
                + ")");
      }
    }
    if (!latest.isRunning()) {
      throw conflict(
          "the "
              + run.describe()
              + " is not running ("
              + latest.status()
              + "): nothing to "
              + (approve ? "approve" : "reject"));
    }
    QueryAnswer<ApprovalStatus> status = latest.query("approvals", ApprovalStatus.class);
    if (status.value() == null) {
      throw new ApiException(
          Response.Status.SERVICE_UNAVAILABLE,
          "cannot tell whether the "
              + run.describe()
              + " waits for approval: "
              + status.unavailable());
    }
    String pending = status.value().pendingStep();
    if (pending == null) {
      throw conflict("the " + run.describe() + " is not waiting for approval");
    }
    if (step != null && !step.equals(pending)) {
      throw conflict(
          "the " + run.describe() + " waits for approval of " + pending + ", not " + step);
    }
    Approval approval = new Approval(pending, by, clock.millis(), comment);
    latest.signal(approve ? "approve" : "reject", approval);
    return new ApprovalSent(
        latest.ref().workflowId(),
        latest.ref().runId(),
        pending,
        approve ? "approve" : "reject",
        by,
        status.value().level());
  }

  private static ApiException conflict(String message) {
    return ApiException.conflict(message, new ApiError(message));
  }
}
