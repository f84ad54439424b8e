package dev.standby.api.runs;

import dev.standby.api.approval.AnswerApproval;
import dev.standby.api.approval.ApprovalSent;
import dev.standby.api.auth.Caller;
import dev.standby.api.errors.ApiError;
import dev.standby.api.errors.ApiException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Set;

/**
 * Approve, reject, abort, pause and resume for a run of any kind: {@code /runs/{workflowId}} and
 * the per-kind resources ({@code /failovers}, {@code /failbacks}, {@code /region-failovers}, {@code
 * /runbook-runs}) all act through here, so one request gets one answer whichever URL it came by:
 * 202 with what was sent, as the caller. Every refusal is sent before anything reaches the
 * workflow.
 */
public final class RunActions {
  private final WorkflowRuns runs;
  private final RunApprovals approvals;

  public RunActions(WorkflowRuns runs, RunApprovals approvals) {
    this.runs = runs;
    this.approvals = approvals;
  }

  /**
   * The newest run under a per-kind id, named by its kind ("the failback of payments"); 404 when
   * none.
   */
  public LatestRun latest(ServiceRun run) {
    return runs.latest(run);
  }

  /** The newest run under any workflow id, named by its search attributes; 404 when none. */
  public LatestRun latest(String workflowId) {
    return runs.latest(workflowId);
  }

  /**
   * 202 once the caller's approval of the step the run waits for is signalled; 409 when it waits
   * for none, for another step, or takes no approvals.
   *
   * @param body may be null (an empty request body): whichever step waits, without a comment
   */
  public Response approve(LatestRun latest, AnswerApproval body, SecurityContext security) {
    return Response.accepted(answer(latest, body, Caller.name(security), true)).build();
  }

  /** As {@link #approve}, with a rejection. */
  public Response reject(LatestRun latest, AnswerApproval body, SecurityContext security) {
    return Response.accepted(answer(latest, body, Caller.name(security), false)).build();
  }

  private ApprovalSent answer(LatestRun latest, AnswerApproval body, String by, boolean approve) {
    AnswerApproval answer = body == null ? AnswerApproval.NONE : body;
    return approvals.answer(latest, answer.step(), by, answer.comment(), approve);
  }

  /**
   * A workflow with an {@code abort} signal (a failback steps its traffic back down) gets it; any
   * other is asked to cancel, which Temporal delivers to every workflow. 409 when the run is not
   * running; 503 when no worker says which signals it takes.
   */
  public Response abort(LatestRun latest, SecurityContext security) {
    return Response.accepted(abort(latest, Caller.name(security))).build();
  }

  private ActionSent abort(LatestRun latest, String by) {
    running(latest, "abort");
    RunRef ref = latest.ref();
    if (signals(latest).contains("abort")) {
      latest.signal("abort");
      return new ActionSent(ref.workflowId(), ref.runId(), "abort", by, "signal", ref.uiUrl());
    }
    latest.cancel();
    return new ActionSent(ref.workflowId(), ref.runId(), "abort", by, "cancel", ref.uiUrl());
  }

  /**
   * Cancels the running run of a kind known to have no abort signal (a failover, a runbook): no
   * worker needs to answer first, so an abort is recorded even while every worker is down. 409
   * naming its status when not running.
   */
  public Response cancel(ServiceRun run) {
    return Response.accepted(runs.cancelRunning(run)).build();
  }

  /**
   * Sends a signal that carries nothing ({@code pause}, {@code resume}); 409 when the run is not
   * running or its workflow has no signal of that name.
   *
   * @param done the past participle for messages ("paused")
   */
  public Response signal(LatestRun latest, String signal, String done, SecurityContext security) {
    return Response.accepted(signal(latest, signal, done, Caller.name(security))).build();
  }

  private ActionSent signal(LatestRun latest, String signal, String done, String by) {
    running(latest, signal);
    Set<String> signals = signals(latest);
    if (!signals.contains(signal)) {
      throw conflict(
          "the "
              + latest.described().describe()
              + " cannot be "
              + done
              + ": its workflow ("
              + latest.workflowType()
              + ") takes only "
              + String.join(", ", signals));
    }
    latest.signal(signal);
    RunRef ref = latest.ref();
    return new ActionSent(ref.workflowId(), ref.runId(), signal, by, "signal", ref.uiUrl());
  }

  private static void running(LatestRun latest, String action) {
    if (!latest.isRunning()) {
      throw conflict(
          "the "
              + latest.described().describe()
              + " is not running ("
              + latest.status()
              + "): nothing to "
              + action);
    }
  }

  private static Set<String> signals(LatestRun latest) {
    QueryAnswer<Set<String>> signals = latest.signalNames();
    if (signals.value() == null) {
      throw new ApiException(
          Response.Status.SERVICE_UNAVAILABLE,
          "cannot tell which signals the "
              + latest.described().describe()
              + " takes: "
              + signals.unavailable());
    }
    return signals.value();
  }

  private static ApiException conflict(String message) {
    return ApiException.conflict(message, new ApiError(message));
  }
}
