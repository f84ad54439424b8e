package dev.standby.model.backup;

import dev.standby.model.service.ScheduleRequester;

/**
 * Input of the restore verification workflow ({@code restore-verify/<service>}), e.g. {@code
 * {"service":"payments"}} to prove the newest backup from the first target.
 *
 * @param backupId optional; the newest backup when null
 * @param fromTarget optional; the target to fetch from first (the others are fallbacks, in topology
 *     order)
 * @param onBehalfOf optional; the workflow id of the admitted operation this run is part of (a
 *     runbook's), so the service admits it inside that operation
 */
public record RestoreVerifyRequest(
    String service, String backupId, String fromTarget, String requestedBy, String onBehalfOf) {

  public RestoreVerifyRequest(
      String service, String backupId, String fromTarget, String requestedBy) {
    this(service, backupId, fromTarget, requestedBy, null);
  }

  public static RestoreVerifyRequest latest(String service) {
    return new RestoreVerifyRequest(service, null, null, null);
  }

  /** What a restore-verification schedule starts: a refusal by its service skips it. */
  public static RestoreVerifyRequest scheduled(String service) {
    return new RestoreVerifyRequest(service, null, null, ScheduleRequester.NAME);
  }
}
