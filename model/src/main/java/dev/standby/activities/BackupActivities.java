package dev.standby.activities;

import dev.standby.model.backup.BackupCopy;
import dev.standby.model.backup.BackupDump;
import dev.standby.model.backup.BackupManifest;
import dev.standby.model.backup.BackupPlan;
import dev.standby.model.backup.PruneReport;
import dev.standby.model.backup.RestoreCheck;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Backup: dump, encrypt, upload, verify, prune, restore. Keys come from the environment variable
 * the topology names and never cross this interface. Every method is idempotent: a retried upload
 * resumes its multipart upload, a retried prune deletes what is still there.
 */
@ActivityInterface(namePrefix = "Backup")
public interface BackupActivities {

  /**
   * The service's targets and whose database to dump; non-retryable BACKUP_NOT_CONFIGURED when it
   * has no backup block.
   */
  @ActivityMethod
  BackupPlan plan(String service);

  /**
   * Streams pg_dump of {@code site}'s database (the workflow passes the service's current primary,
   * or a caught-up replica of it) through compression and AES-256-GCM into {@code target} as backup
   * {@code backupId}. A crashed dump starts over: its snapshot died with the crashed pg_dump.
   */
  @ActivityMethod
  BackupDump dump(String service, String backupId, String target, String site);

  /**
   * Copies {@code from} (already encrypted) to {@code target}; a retry resumes the upload where it
   * stopped.
   */
  @ActivityMethod
  BackupCopy copy(String service, BackupCopy from, String target);

  /**
   * Reads the copy back and checks its size and SHA-256; non-retryable COPY_CORRUPT or COPY_MISSING
   * otherwise.
   */
  @ActivityMethod
  BackupCopy verify(String service, BackupCopy copy, String expectedSha256);

  /** Writes the manifest next to each of its copies. */
  @ActivityMethod
  void writeManifest(BackupManifest manifest);

  /**
   * Applies the retention policy as of {@code nowMillis}: deletes every backup no rule keeps, in
   * every target.
   */
  @ActivityMethod
  PruneReport prune(String service, long nowMillis);

  /** Sets expiration rules where the provider has them; says per target what was set or why not. */
  @ActivityMethod
  List<String> applyLifecycle(String service);

  /** Every backup found in any target, oldest first (manifests merged by backup id). */
  @ActivityMethod
  List<BackupManifest> listBackups(String service);

  /**
   * Fetches the backup's copy in {@code target}, decrypts it and restores it into a scratch
   * PostgreSQL, then checks it against the manifest. Non-retryable COPY_MISSING / COPY_CORRUPT when
   * that copy cannot serve (the workflow tries the next), WRONG_KEY when the configured key cannot
   * decrypt it.
   */
  @ActivityMethod
  RestoreCheck restoreAndCheck(String service, BackupManifest manifest, String target);
}
