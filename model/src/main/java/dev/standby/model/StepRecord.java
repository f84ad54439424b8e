package dev.standby.model;

/** One step of a run as the progress query and the result show it. Times are epoch millis. */
public record StepRecord(
    String name, StepStatus status, long startedAtMillis, Long endedAtMillis, String detail) {

  public enum StepStatus {
    RUNNING,
    COMPLETED,
    FAILED,
    SKIPPED,
    COMPENSATED
  }

  public static StepRecord started(String name, long now) {
    return new StepRecord(name, StepStatus.RUNNING, now, null, null);
  }

  public StepRecord finish(StepStatus status, long now, String detail) {
    return new StepRecord(name, status, startedAtMillis, now, detail);
  }

  public Long durationMillis() {
    return endedAtMillis == null ? null : endedAtMillis - startedAtMillis;
  }
}
