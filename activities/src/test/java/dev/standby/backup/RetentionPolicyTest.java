package dev.standby.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.backup.RetentionPolicy.Backup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  static Backup at(String instant) {
    return new Backup(instant, Instant.parse(instant).toEpochMilli());
  }

  @Test
  void keepsTheNewestOfEachDayWeekAndMonthUpToTheCounts() {
    List<Backup> backups = new ArrayList<>();
    // Two backups a day, 1 Sep to 24 Nov 2026.
    for (Instant day = Instant.parse("2026-09-01T00:00:00Z");
        day.isBefore(Instant.parse("2026-11-25T00:00:00Z"));
        day = day.plusSeconds(86400)) {
      backups.add(at(day.plusSeconds(2 * 3600).toString()));
      backups.add(at(day.plusSeconds(14 * 3600).toString()));
    }
    var kept = new RetentionPolicy(3, 2, 3).keep(backups);
    assertThat(kept)
        .containsOnlyKeys(
            "2026-11-24T14:00:00Z", // newest, daily 24th, weekly W48, monthly 2026-11
            "2026-11-23T14:00:00Z", // daily 23rd (Monday of W48)
            "2026-11-22T14:00:00Z", // daily 22nd, weekly W47 (Sunday)
            "2026-10-31T14:00:00Z", // monthly 2026-10
            "2026-09-30T14:00:00Z"); // monthly 2026-09
    assertThat(kept.get("2026-11-24T14:00:00Z"))
        .isEqualTo("newest, daily 2026-11-24, weekly 2026-W48, monthly 2026-11");
    assertThat(kept.get("2026-11-22T14:00:00Z")).isEqualTo("daily 2026-11-22, weekly 2026-W47");
  }

  @Test
  void countsDaysThatHaveABackupNotCalendarDays() {
    var kept =
        new RetentionPolicy(2, 0, 0)
            .keep(
                List.of(
                    at("2026-11-01T01:00:00Z"),
                    at("2026-11-10T01:00:00Z"),
                    at("2026-11-20T01:00:00Z")));
    assertThat(kept).containsOnlyKeys("2026-11-20T01:00:00Z", "2026-11-10T01:00:00Z");
  }

  @Test
  void theNewestIsKeptEvenByAPolicyOfOnlyMonthlies() {
    var kept =
        new RetentionPolicy(0, 0, 1)
            .keep(List.of(at("2026-11-01T01:00:00Z"), at("2026-11-20T01:00:00Z")));
    assertThat(kept).containsOnlyKeys("2026-11-20T01:00:00Z");
    assertThat(new RetentionPolicy(0, 0, 1).keep(List.of())).isEmpty();
  }
}
