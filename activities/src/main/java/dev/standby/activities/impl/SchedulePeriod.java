package dev.standby.activities.impl;

/**
 * How often a schedule fires, roughly, from its cron expression or {@code @every} form: what
 * readiness holds the age of the newest backup (or restore check) against.
 */
final class SchedulePeriod {
  private SchedulePeriod() {}

  /** The period in ms; null for no schedule. A day when the expression says no finer. */
  static Long millis(String cron) {
    if (cron == null || cron.isBlank()) {
      return null;
    }
    String c = cron.trim();
    if (c.startsWith("@every ")) {
      return dev.standby.topology.Durations.parse(c.substring(7).trim()).toMillis();
    }
    switch (c) {
      case "@hourly":
        return 3_600_000L;
      case "@weekly":
        return 7 * 86_400_000L;
      case "@monthly":
        return 31 * 86_400_000L;
      case "@daily":
      case "@midnight":
        return 86_400_000L;
      default:
        break;
    }
    String[] f = c.split("\\s+");
    if (f.length != 5) {
      return 86_400_000L;
    }
    if (f[0].startsWith("*/")) {
      return Long.parseLong(f[0].substring(2)) * 60_000L;
    }
    if (f[0].equals("*")) {
      return 60_000L;
    }
    if (f[1].equals("*")) {
      return 3_600_000L;
    }
    if (f[1].startsWith("*/")) {
      return Long.parseLong(f[1].substring(2)) * 3_600_000L;
    }
    if (!f[4].equals("*")) {
      return 7 * 86_400_000L;
    }
    return 86_400_000L;
  }
}
