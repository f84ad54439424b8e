package dev.standby.worker;

import dev.standby.activities.NotifyActivities;
import dev.standby.model.approval.ApprovalAsk;
import dev.standby.model.approval.MessageRef;

/**
 * The worker's notifier (Slack or the log) with the approval metrics beside it: every ask,
 * escalation and decision passes through here, whichever notifier posts it.
 */
final class MeteredNotifyActivities implements NotifyActivities {
  private final NotifyActivities notifier;
  private final ApprovalGauges approvals;

  MeteredNotifyActivities(NotifyActivities notifier, ApprovalGauges approvals) {
    this.notifier = notifier;
    this.approvals = approvals;
  }

  @Override
  public MessageRef post(String service, String text) {
    return notifier.post(service, text);
  }

  @Override
  public void update(MessageRef message, String text) {
    notifier.update(message, text);
    approvals.decided(message);
  }

  @Override
  public MessageRef askForApproval(ApprovalAsk ask) {
    // counted before posting: the approval waits even while Slack is down
    approvals.asking(ask);
    MessageRef message = notifier.askForApproval(ask);
    approvals.asked(ask, message);
    return message;
  }

  @Override
  public MessageRef escalate(ApprovalAsk ask, MessageRef original) {
    approvals.escalated(ask);
    return notifier.escalate(ask, original);
  }
}
