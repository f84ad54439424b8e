package dev.standby.model.service;

/**
 * How a run knows a Temporal Schedule started it: the schedules put this requester in the run's
 * request. A request field works alike in the test environment and on a server, where the {@code
 * TemporalScheduledById} search attribute exists only on the server.
 */
public final class ScheduleRequester {
  /** The {@code requestedBy} of every request a Standby schedule starts. */
  public static final String NAME = "schedule";

  private ScheduleRequester() {}

  public static boolean isSchedule(String requestedBy) {
    return NAME.equals(requestedBy);
  }
}
