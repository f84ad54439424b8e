package dev.standby.model.approval;

import java.util.List;

/**
 * What the notifier needs to ask for an approval, or to escalate one: which run and step, a line
 * that says what will happen, and who is asked at this level.
 *
 * @param level 1 for the first ask, 2 and 3 for escalations
 */
public record ApprovalAsk(
    String workflowId,
    String service,
    String step,
    String summary,
    int level,
    List<String> contacts,
    long timeoutSeconds) {

  public ApprovalAsk {
    contacts = contacts == null ? List.of() : List.copyOf(contacts);
  }
}
