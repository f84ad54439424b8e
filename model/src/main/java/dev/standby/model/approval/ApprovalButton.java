package dev.standby.model.approval;

/**
 * The Approve and Reject buttons of an approval request. Their value names the run and the step, so
 * a click signals exactly the run and step the message asked about: {@code
 * failover/payments|promote-target}.
 */
public final class ApprovalButton {
  public static final String APPROVE = "standby_approve";
  public static final String REJECT = "standby_reject";
  private static final char SEPARATOR = '|';

  /** What a click carries; null parts mean a value this code did not write. */
  public record Target(String workflowId, String step) {}

  private ApprovalButton() {}

  public static String value(String workflowId, String step) {
    return workflowId + SEPARATOR + step;
  }

  /**
   * @return null for a value not of the form {@code workflowId|step}
   */
  public static Target parse(String value) {
    int at = value == null ? -1 : value.indexOf(SEPARATOR);
    if (at <= 0 || at == value.length() - 1) {
      return null;
    }
    return new Target(value.substring(0, at), value.substring(at + 1));
  }
}
