package dev.standby.model;

import dev.standby.model.approval.ApprovalRequirement;
import dev.standby.model.approval.ApprovalTimeoutAction;

/**
 * A service's notification settings from the topology, as workflows see them: the approval levels
 * and last-timeout default its approvals use when a request names none, and its message templates.
 * The channel and the bot token stay with the worker.
 */
public record NotifyPolicy(ApprovalRequirement approval, CommsTemplates templates) {
  public static final NotifyPolicy DEFAULTS = new NotifyPolicy(null, null);

  public NotifyPolicy {
    approval =
        approval == null
            ? new ApprovalRequirement(null, ApprovalTimeoutAction.KEEP_WAITING)
            : approval;
    templates = templates == null ? CommsTemplates.DEFAULTS : templates;
  }
}
