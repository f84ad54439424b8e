package dev.standby.model.backup;

import java.util.List;

/**
 * What retention did: backups kept (with the rule that kept each) and backups deleted, and how many
 * objects went in which target.
 */
public record PruneReport(List<String> kept, List<String> deleted, List<String> deletedObjects) {
  public PruneReport {
    kept = List.copyOf(kept);
    deleted = List.copyOf(deleted);
    deletedObjects = List.copyOf(deletedObjects);
  }
}
