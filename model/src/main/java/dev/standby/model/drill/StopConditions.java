package dev.standby.model.drill;

/**
 * Guards that end a drill and restore the service: the share of the write load's requests through
 * the front door that failed over the last {@code windowMillis} must stay at or below {@code
 * maxErrorRate}.
 */
public record StopConditions(Double maxErrorRate, Long windowMillis) {
  public static final StopConditions NONE = new StopConditions(null, null);

  public boolean guarded() {
    return maxErrorRate != null && windowMillis != null;
  }
}
