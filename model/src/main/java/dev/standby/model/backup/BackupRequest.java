package dev.standby.model.backup;

import dev.standby.model.service.ScheduleRequester;

/**
 * Input of the backup workflow ({@code backup/<service>}), e.g. {@code
 * {"service":"payments","reason":"nightly"}}. Where the dump goes, how it is encrypted and how long
 * it is kept all come from the service's {@code backup} block in the topology, so a runbook step or
 * a schedule needs only the service.
 *
 * @param onBehalfOf optional; the workflow id of the admitted operation this backup is part of (a
 *     runbook's), so the service admits it inside that operation
 */
public record BackupRequest(String service, String reason, String requestedBy, String onBehalfOf) {

  public BackupRequest(String service, String reason, String requestedBy) {
    this(service, reason, requestedBy, null);
  }

  public static BackupRequest of(String service, String reason) {
    return new BackupRequest(service, reason, null);
  }

  /** What a backup schedule starts: a refusal by its service skips it. */
  public static BackupRequest scheduled(String service, String cron) {
    return new BackupRequest(service, "scheduled (" + cron + ")", ScheduleRequester.NAME);
  }
}
