package dev.standby.activities;

import dev.standby.model.approval.ApprovalAsk;
import dev.standby.model.approval.MessageRef;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Notify: tell people what a run does and ask them to decide. One adapter posts to Slack, another
 * only logs (when no Slack token is configured). Nothing here decides anything: answers come back
 * as signals.
 */
@ActivityInterface(namePrefix = "Notify")
public interface NotifyActivities {

  /** Posts a line about a service's run to the service's channel. */
  @ActivityMethod
  MessageRef post(String service, String text);

  /** Replaces a posted message's text (its buttons go): used to show how an approval ended. */
  @ActivityMethod
  void update(MessageRef message, String text);

  /**
   * Posts the approval request, with Approve and Reject buttons that carry the workflow id and the
   * step.
   */
  @ActivityMethod
  MessageRef askForApproval(ApprovalAsk ask);

  /** Tells the next contact level that an approval is still waiting, mentioning its contacts. */
  @ActivityMethod
  MessageRef escalate(ApprovalAsk ask, MessageRef original);
}
