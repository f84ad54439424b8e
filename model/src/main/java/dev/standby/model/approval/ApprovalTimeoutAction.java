package dev.standby.model.approval;

/** What a step waiting for approval does when the last contact level has not answered in time. */
public enum ApprovalTimeoutAction {
  /** Wait on, without a deadline: nothing risky happens without a person. */
  KEEP_WAITING,
  /** Go ahead: for steps where doing nothing is the bigger risk (an outage with nobody awake). */
  PROCEED,
  /** Give up and change nothing. */
  ABORT
}
