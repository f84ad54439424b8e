package dev.standby.backup;

import dev.standby.storage.ObjectStore;
import dev.standby.topology.ServiceTopology.BackupTarget;

/**
 * Opens the store behind a backup target (the storage capability's adapters); the same target gives
 * the same store.
 */
public interface BackupStores {
  ObjectStore open(String targetName, BackupTarget target);
}
