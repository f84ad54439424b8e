package dev.standby.workflows.backup;

import dev.standby.model.backup.BackupCopy;
import dev.standby.model.backup.BackupDump;
import dev.standby.model.backup.BackupManifest;
import java.util.List;
import java.util.Map;

/** Canned backups: three targets on two media in three clouds, as a 3-2-1 topology has them. */
final class BackupFixtures {
  static final String SERVICE = "payments";
  static final String SHA = "ab".repeat(32);
  static final List<String> TARGETS = List.of("local", "s3", "gcs");

  private BackupFixtures() {}

  static BackupCopy copy(String target) {
    String key = "standby-backups/payments/20261124T020000Z-00000000.sbk";
    return new BackupCopy(
        target,
        target.equals("local") ? "disk" : "object",
        Map.of("local", "onprem", "s3", "aws", "gcs", "gcp").get(target),
        target + "://bucket/" + key,
        key,
        4096,
        SHA);
  }

  static BackupDump dump() {
    return new BackupDump(
        copy("local"),
        "pg_dump custom (-Fc -Z0), zstd level 1 per 1 MiB chunk",
        "0/3000100",
        "15.8",
        5000,
        "k1",
        Map.of("\"public\".\"orders\"", 120L));
  }

  static BackupManifest manifest(String backupId) {
    return new BackupManifest(
        backupId,
        SERVICE,
        0,
        "pg_dump custom (-Fc -Z0), zstd level 1 per 1 MiB chunk",
        "0/3000100",
        "15.8",
        5000,
        4096,
        SHA,
        "k1",
        Map.of("\"public\".\"orders\"", 120L),
        TARGETS.stream().map(BackupFixtures::copy).toList());
  }
}
