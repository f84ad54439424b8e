package dev.standby.model.backup;

import java.util.List;

/** A restore of one copy into a scratch PostgreSQL: how long it took and what the checks found. */
public record RestoreCheck(
    String target, long fetchedBytes, long restoreMillis, List<ConsistencyCheck> checks) {
  public RestoreCheck {
    checks = List.copyOf(checks);
  }

  public boolean passed() {
    return checks.stream().allMatch(ConsistencyCheck::passed);
  }
}
