package dev.standby.metrics;

/**
 * Where the backup activities report each copy they have read back and found whole, for the worker
 * to export {@code standby_backup_copy_last_success_timestamp_seconds{service,target}} (alert rules
 * compute its age).
 */
public interface BackupMetrics {
  BackupMetrics NONE = (service, target, atMillis) -> {};

  /** A copy of {@code service}'s backup in {@code target} was read back with the right SHA-256. */
  void copyVerified(String service, String target, long atMillis);
}
