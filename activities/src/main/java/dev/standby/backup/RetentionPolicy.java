package dev.standby.backup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which backups to keep: the newest backup of each of the newest {@code daily} days that have a
 * backup, of each of the newest {@code weekly} ISO weeks, and of each of the newest {@code monthly}
 * months (UTC), as restic's {@code forget --keep-daily/--keep-weekly/--keep-monthly} counts. The
 * newest backup is always kept. One backup may be kept by several rules; everything no rule keeps
 * is pruned.
 */
public record RetentionPolicy(int daily, int weekly, int monthly) {
  public RetentionPolicy {
    if (daily < 0 || weekly < 0 || monthly < 0) {
      throw new IllegalArgumentException(
          "retention counts must be 0 or more, got daily "
              + daily
              + ", weekly "
              + weekly
              + ", monthly "
              + monthly);
    }
  }

  public record Backup(String id, long createdAtMillis) {}

  /**
   * Backup id to the reasons it is kept (e.g. {@code daily 2026-11-24, monthly 2026-11}), newest
   * first.
   */
  public Map<String, String> keep(List<Backup> backups) {
    List<Backup> newestFirst = new ArrayList<>(backups);
    newestFirst.sort(
        Comparator.comparingLong(Backup::createdAtMillis).thenComparing(Backup::id).reversed());
    Map<String, List<String>> reasons = new LinkedHashMap<>();
    newestFirst.forEach(b -> reasons.put(b.id(), new ArrayList<>()));
    if (!newestFirst.isEmpty()) {
      reasons.get(newestFirst.get(0).id()).add("newest");
    }
    bucket(newestFirst, daily, "daily", d -> d.toString(), reasons);
    bucket(
        newestFirst,
        weekly,
        "weekly",
        d ->
            d.get(IsoFields.WEEK_BASED_YEAR)
                + "-W"
                + String.format("%02d", d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
        reasons);
    bucket(newestFirst, monthly, "monthly", d -> d.toString().substring(0, 7), reasons);
    Map<String, String> kept = new LinkedHashMap<>();
    reasons.forEach(
        (id, why) -> {
          if (!why.isEmpty()) {
            kept.put(id, String.join(", ", why));
          }
        });
    return kept;
  }

  private static void bucket(
      List<Backup> newestFirst,
      int count,
      String rule,
      Function<LocalDate, String> bucketOf,
      Map<String, List<String>> reasons) {
    String lastBucket = null;
    int kept = 0;
    for (Backup b : newestFirst) {
      if (kept == count) {
        return;
      }
      String bucket =
          bucketOf.apply(
              LocalDate.ofInstant(Instant.ofEpochMilli(b.createdAtMillis()), ZoneOffset.UTC));
      if (!bucket.equals(lastBucket)) {
        reasons.get(b.id()).add(rule + " " + bucket);
        lastBucket = bucket;
        kept++;
      }
    }
  }

  /**
   * Days after which a provider lifecycle rule may expire a backup: past what the monthly rule
   * keeps, plus a month.
   */
  public int lifecycleDays() {
    return Math.max(daily, Math.max(weekly * 7, (monthly + 1) * 31)) + 1;
  }
}
