package dev.standby.model.backup;

import java.util.List;

/**
 * The report of a restore verification: which backup, which copy it came from after which attempts,
 * the restore time and the checks. {@code verified} is true only when every check passed.
 */
public record RestoreVerifyResult(
    String service,
    String backupId,
    String restoredFrom,
    List<RestoreAttempt> attempts,
    long restoreMillis,
    List<ConsistencyCheck> checks,
    boolean verified) {}
