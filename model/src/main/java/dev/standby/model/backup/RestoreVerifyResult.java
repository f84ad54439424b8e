package dev.standby.model.backup;

import java.util.List;

/**
 * The report of a restore verification: which backup, which copy it came from after which attempts,
 * the restore time and the checks. {@code verified} is true only when every check passed.
 *
 * @param skipped why a scheduled run did not run (its service did not admit it); null when it ran
 */
public record RestoreVerifyResult(
    String service,
    String backupId,
    String restoredFrom,
    List<RestoreAttempt> attempts,
    long restoreMillis,
    List<ConsistencyCheck> checks,
    boolean verified,
    String skipped) {

  public RestoreVerifyResult(
      String service,
      String backupId,
      String restoredFrom,
      List<RestoreAttempt> attempts,
      long restoreMillis,
      List<ConsistencyCheck> checks,
      boolean verified) {
    this(service, backupId, restoredFrom, attempts, restoreMillis, checks, verified, null);
  }

  public static RestoreVerifyResult skipped(String service, String why) {
    return new RestoreVerifyResult(service, null, null, List.of(), 0, List.of(), false, why);
  }
}
