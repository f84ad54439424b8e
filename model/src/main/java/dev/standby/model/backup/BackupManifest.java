package dev.standby.model.backup;

import java.util.List;
import java.util.Map;

/**
 * What one backup is and where its copies are. Written as JSON next to the data in every target, so
 * any one surviving target is enough to find and restore the backup.
 *
 * @param backupId e.g. {@code 20261124T020000Z-1a2b3c4d}: sorts by time
 * @param createdAtMillis when the dump began (workflow time)
 * @param format how the database was dumped, e.g. {@code pg_dump custom (-Fc -Z0), zstd level 1 per
 *     1 MiB chunk}
 * @param sourceLsn the primary's WAL position the dump's snapshot saw
 * @param dumpBytes bytes pg_dump wrote (compressed, before encryption)
 * @param size bytes of each stored copy (encrypted)
 * @param sha256 hex SHA-256 of the stored bytes: every copy must have it
 * @param keyId the id of the master key the data key was derived from; never the key
 * @param rowCounts rows per table in the dump's snapshot (schema.table), which a restore must
 *     reproduce
 */
public record BackupManifest(
    String backupId,
    String service,
    long createdAtMillis,
    String format,
    String sourceLsn,
    String serverVersion,
    long dumpBytes,
    long size,
    String sha256,
    String keyId,
    Map<String, Long> rowCounts,
    List<BackupCopy> copies) {

  public BackupManifest {
    rowCounts = rowCounts == null ? Map.of() : Map.copyOf(rowCounts);
    copies = copies == null ? List.of() : List.copyOf(copies);
  }

  public BackupManifest withCopies(List<BackupCopy> newCopies) {
    return new BackupManifest(
        backupId,
        service,
        createdAtMillis,
        format,
        sourceLsn,
        serverVersion,
        dumpBytes,
        size,
        sha256,
        keyId,
        rowCounts,
        newCopies);
  }
}
