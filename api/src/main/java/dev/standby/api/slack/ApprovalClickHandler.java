package dev.standby.api.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import dev.standby.api.auth.Caller;
import dev.standby.api.auth.Role;
import dev.standby.api.runs.RunApprovals;
import dev.standby.api.runs.ServiceRun;
import dev.standby.model.approval.ApprovalButton;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A click on Approve or Reject. Only a mapped Slack user with the approver role gets a signal sent;
 * anyone else gets an answer only they see, and the run hears nothing. A delivery Slack repeats is
 * acknowledged and dropped.
 */
final class ApprovalClickHandler implements BlockActionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApprovalClickHandler.class);

  private final boolean approve;
  private final SlackCallers callers;
  private final RunApprovals approvals;
  private final RepeatedDeliveries deliveries;
  private final Executor executor;

  ApprovalClickHandler(
      boolean approve,
      SlackCallers callers,
      RunApprovals approvals,
      RepeatedDeliveries deliveries,
      Executor executor) {
    this.approve = approve;
    this.callers = callers;
    this.approvals = approvals;
    this.deliveries = deliveries;
    this.executor = executor;
  }

  @Override
  public Response apply(BlockActionRequest request, ActionContext ctx) {
    BlockActionPayload payload = request.getPayload();
    BlockActionPayload.Action action = payload.getActions().get(0);
    String userId = payload.getUser().getId();
    String delivery =
        userId + " " + action.getActionId() + " " + action.getActionTs() + " " + action.getValue();
    if (!deliveries.firstTime(delivery)) {
      log.info(
          "Dropping a repeated delivery of {}'s click on {} ({})",
          userId,
          action.getActionId(),
          action.getValue());
      return ctx.ack();
    }
    executor.execute(() -> Replies.send(Replies.of(ctx), () -> answer(userId, action.getValue())));
    return ctx.ack();
  }

  private String answer(String userId, String value) {
    String what = approve ? "approve" : "reject";
    Caller caller = callers.allowed(userId, Role.APPROVER);
    if (caller == null) {
      log.warn("Refused Slack user {}'s {} of {}: not an approver", userId, what, value);
      return callers.refusal(userId, Role.APPROVER, what + " Standby steps");
    }
    ApprovalButton.Target target = ApprovalButton.parse(value);
    ServiceRun run = target == null ? null : ServiceRun.ofWorkflowId(target.workflowId());
    if (run == null) {
      return ":warning: This button does not name a Standby run ('" + value + "').";
    }
    return Replies.answered(
        approvals.answer(run, target.step(), caller.name(), "from Slack", approve));
  }
}
