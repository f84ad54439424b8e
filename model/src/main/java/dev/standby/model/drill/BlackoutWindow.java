package dev.standby.model.drill;

/**
 * A time in which no drill may start (a release freeze, a sales peak): epoch millis, start
 * inclusive, end exclusive.
 */
public record BlackoutWindow(long startMillis, long endMillis, String reason) {
  public boolean covers(long millis) {
    return millis >= startMillis && millis < endMillis;
  }
}
