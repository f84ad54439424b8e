package dev.standby.model.approval;

/**
 * How a step's wait for approval ended.
 *
 * @param answer the answer that decided it; null when the last level timed out
 * @param level the contact level that was asked last
 */
public record ApprovalDecision(String step, Verdict verdict, Approval answer, int level) {

  /** WITHDRAWN: the run stopped asking (an abort), its answer says why. */
  public enum Verdict {
    APPROVED,
    REJECTED,
    PROCEEDED_ON_TIMEOUT,
    ABORTED_ON_TIMEOUT,
    WITHDRAWN
  }

  public boolean goAhead() {
    return verdict == Verdict.APPROVED || verdict == Verdict.PROCEEDED_ON_TIMEOUT;
  }

  /** One line for the timeline and the Slack message's update. */
  public String describe() {
    return switch (verdict) {
      case APPROVED -> "approved by " + answer.by() + comment();
      case REJECTED -> "rejected by " + answer.by() + comment();
      case PROCEEDED_ON_TIMEOUT ->
          "nobody answered up to level " + level + ": proceeding, as configured";
      case ABORTED_ON_TIMEOUT ->
          "nobody answered up to level " + level + ": aborted, as configured";
      case WITHDRAWN -> "withdrawn: " + answer.comment();
    };
  }

  private String comment() {
    return answer.comment() == null || answer.comment().isBlank()
        ? ""
        : " (" + answer.comment() + ")";
  }
}
