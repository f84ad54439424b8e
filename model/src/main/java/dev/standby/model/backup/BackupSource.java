package dev.standby.model.backup;

/**
 * Whose database a backup dumps, as the service's state says at the time of the run: its current
 * primary, or a replica of it that is streaming and caught up (so the dump's snapshot does not load
 * the primary). The topology's {@code backup.from}.
 */
public enum BackupSource {
  PRIMARY,
  REPLICA
}
