package dev.standby.model.service;

/**
 * One ended operation, or one thing the service did by itself (an alarm, a fence), in the service's
 * bounded history.
 */
public record HistoryEntry(
    String what,
    String subtype,
    String workflowId,
    String requestedBy,
    long startedAtMillis,
    long endedAtMillis,
    OperationOutcome outcome,
    String fromSite,
    String toSite,
    Long rtoMillis,
    Long lostWrites,
    Long rpoMillis,
    String detail) {

  /** Something the service did or saw by itself: no run, no outcome. */
  public static HistoryEntry event(String what, long atMillis, String detail) {
    return new HistoryEntry(
        what, null, null, "standby", atMillis, atMillis, null, null, null, null, null, null,
        detail);
  }
}
