package dev.standby.model.backup;

import dev.standby.model.service.ScheduleRequester;

/**
 * Input of the restore verification workflow ({@code restore-verify/<service>}), e.g. {@code
 * {"service":"payments"}} to prove the newest backup from the first target.
 *
 * @param backupId optional; the newest backup when null
 * @param fromTarget optional; the target to fetch from first (the others are fallbacks, in topology
 *     order)
 */
public record RestoreVerifyRequest(
    String service, String backupId, String fromTarget, String requestedBy) {
  public static RestoreVerifyRequest latest(String service) {
    return new RestoreVerifyRequest(service, null, null, null);
  }

  /** What a restore-verification schedule starts: a refusal by its service skips it. */
  public static RestoreVerifyRequest scheduled(String service) {
    return new RestoreVerifyRequest(service, null, null, ScheduleRequester.NAME);
  }
}
