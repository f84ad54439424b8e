package dev.standby.model.backup;

import java.util.List;

/**
 * What a backup run produced: the manifest (with every verified copy), what retention pruned and
 * lifecycle rules set; or, for a scheduled run its service did not admit, why it was skipped.
 *
 * @param site whose database was dumped (the service's primary at the time, or a caught-up
 *     replica), null when skipped
 * @param skipped why a scheduled backup did not run (another operation held the service, or it was
 *     not protected); null when it ran, and then nothing else is null
 */
public record BackupResult(
    String service,
    BackupManifest manifest,
    PruneReport pruned,
    List<String> lifecycle,
    String site,
    String skipped) {

  public BackupResult(
      String service, BackupManifest manifest, PruneReport pruned, List<String> lifecycle) {
    this(service, manifest, pruned, lifecycle, null, null);
  }

  public static BackupResult skipped(String service, String why) {
    return new BackupResult(service, null, null, List.of(), null, why);
  }
}
