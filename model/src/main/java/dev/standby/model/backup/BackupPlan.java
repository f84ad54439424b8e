package dev.standby.model.backup;

import java.util.List;

/**
 * A service's backup targets in topology order: the dump streams to the first, the others copy from
 * it.
 *
 * @param from whose database the dump reads: the current primary, or a caught-up replica of it
 */
public record BackupPlan(String service, List<String> targets, BackupSource from) {
  public BackupPlan {
    targets = List.copyOf(targets);
    from = from == null ? BackupSource.PRIMARY : from;
  }

  public BackupPlan(String service, List<String> targets) {
    this(service, targets, BackupSource.PRIMARY);
  }
}
