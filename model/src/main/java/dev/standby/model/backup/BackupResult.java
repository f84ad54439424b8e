package dev.standby.model.backup;

import java.util.List;

/**
 * What a backup run produced: the manifest (with every verified copy), what retention pruned and
 * lifecycle rules set.
 */
public record BackupResult(
    String service, BackupManifest manifest, PruneReport pruned, List<String> lifecycle) {}
