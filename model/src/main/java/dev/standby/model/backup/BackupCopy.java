package dev.standby.model.backup;

/**
 * One stored copy of an encrypted backup.
 *
 * @param target the target's name in the topology's backup block
 * @param media the kind of media ({@code disk}, {@code object}), for the 3-2-1 rule's "two kinds"
 * @param cloud where the target lives ({@code onprem}, {@code aws}, {@code gcp}, {@code azure})
 * @param location the store and key, e.g. {@code
 *     s3://bucket/standby-backups/payments/20261124T020000Z-1a2b.sbk}
 * @param key the object's key inside the store
 * @param size bytes stored (encrypted)
 * @param sha256 hex SHA-256 of the stored bytes, read back from the store after the upload
 */
public record BackupCopy(
    String target,
    String media,
    String cloud,
    String location,
    String key,
    long size,
    String sha256) {}
