package dev.standby.model.backup;

import java.util.List;

/**
 * A service's backup targets in topology order: the dump streams to the first, the others copy from
 * it.
 */
public record BackupPlan(String service, List<String> targets) {
  public BackupPlan {
    targets = List.copyOf(targets);
  }
}
