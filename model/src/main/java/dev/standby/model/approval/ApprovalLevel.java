package dev.standby.model.approval;

import java.util.List;

/**
 * One contact level of an escalation: who is asked, and how long they have before the next level
 * is.
 *
 * @param contacts who to mention, e.g. Slack user ids ({@code U024BE7LH}) or group handles; may be
 *     empty
 */
public record ApprovalLevel(long timeoutSeconds, List<String> contacts) {

  public ApprovalLevel {
    contacts = contacts == null ? List.of() : List.copyOf(contacts);
  }
}
