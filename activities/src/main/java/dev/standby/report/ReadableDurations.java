package dev.standby.report;

/** ReadableDurations as people read them in a report: 850 ms, 3.91 s, 2 min 5 s, 1 h 10 min. */
final class ReadableDurations {
  private ReadableDurations() {}

  static String human(long millis) {
    if (millis < 1_000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format("%.2f s", millis / 1000.0);
    }
    if (millis < 3_600_000) {
      return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
    }
    return (millis / 3_600_000) + " h " + (millis % 3_600_000) / 60_000 + " min";
  }
}
