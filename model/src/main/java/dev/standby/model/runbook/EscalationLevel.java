package dev.standby.model.runbook;

import dev.standby.model.approval.ApprovalLevel;
import java.util.List;

/**
 * One escalation contact level: who (Slack user or group ids), and how long an approval waits on
 * them before the next level is asked.
 */
public record EscalationLevel(int level, String name, List<String> contacts, long timeoutMillis) {

  public EscalationLevel {
    contacts = contacts == null ? List.of() : List.copyOf(contacts);
  }

  public ApprovalLevel approvalLevel() {
    return new ApprovalLevel(Math.max(1, timeoutMillis / 1000), contacts);
  }
}
