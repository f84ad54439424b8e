package dev.standby.cli;

import java.util.Locale;

/** Text progress bars and the sizes and times written next to them. */
final class ProgressBar {
  static final int WIDTH = 20;

  private ProgressBar() {}

  /**
   * {@code [######..............]}: {@code done} of {@code total}, clamped to the bar. Rounded
   * down, as the percent and the seconds beside it are, so a bar is full only once the work is
   * done.
   */
  static String bar(double done, double total) {
    int filled = total <= 0 ? 0 : (int) Math.floor(Math.max(0, Math.min(1, done / total)) * WIDTH);
    return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
  }

  /** Whole percent of {@code total}, rounded down and clamped to 0..100, as {@code " 42%"}. */
  static String percent(double done, double total) {
    long p = total <= 0 ? 0 : (long) Math.floor(Math.max(0, Math.min(1, done / total)) * 100);
    return String.format(Locale.ROOT, "%3d%%", p);
  }

  /** {@code 12.4 of 31.0 MiB}: both in the unit the total needs, so they read side by side. */
  static String bytesOf(long bytes, long total) {
    Unit unit = Unit.of(total);
    return unit.format(bytes) + " of " + unit.format(total) + " " + unit.name;
  }

  /** {@code 12.4 MiB}. */
  static String bytes(long bytes) {
    Unit unit = Unit.of(bytes);
    return unit.format(bytes) + " " + unit.name;
  }

  /**
   * {@code 18 s of 30 s}, {@code 4:05 of 5:00}: time passed of a length, to the second, both in the
   * length's style (minutes and seconds above a minute, to keep the line short).
   */
  static String timeOf(long millis, long totalMillis) {
    return totalMillis <= 60_000
        ? seconds(millis) + " of " + seconds(totalMillis)
        : clock(millis) + " of " + clock(totalMillis);
  }

  /** {@code 42 s}. */
  static String seconds(long millis) {
    return Math.max(0, millis) / 1000 + " s";
  }

  private static String clock(long millis) {
    long s = Math.max(0, millis) / 1000;
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private record Unit(String name, long size) {
    static Unit of(long bytes) {
      if (bytes >= 1L << 30) return new Unit("GiB", 1L << 30);
      if (bytes >= 1L << 20) return new Unit("MiB", 1L << 20);
      if (bytes >= 1L << 10) return new Unit("KiB", 1L << 10);
      return new Unit("B", 1);
    }

    String format(long bytes) {
      return size == 1
          ? Long.toString(bytes)
          : String.format(Locale.ROOT, "%.1f", bytes / (double) size);
    }
  }
}
