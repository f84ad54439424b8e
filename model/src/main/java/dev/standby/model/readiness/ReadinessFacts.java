package dev.standby.model.readiness;

import dev.standby.model.database.SiteObservation;
import dev.standby.model.health.HealthReport;
import java.util.List;

/**
 * What a readiness evaluation read, all of it with read-only calls and the worker's own
 * credentials. Nothing here is an exception: an unreachable router, database, store or Slack is an
 * answer.
 *
 * @param liveness each site's app
 * @param databases each site's database as it says it is
 * @param routers each traffic router the service uses
 * @param stores each backup target, with its newest backup
 * @param backupEveryMillis how often the backup schedule backs up; null without one
 * @param restoreEveryMillis how often restore verification runs; null without a schedule
 * @param approvers people named in the service's approval levels
 * @param slack Slack's {@code auth.test}; null when no Slack is configured
 * @param detectionMillis how long the monitor takes to call a dead primary dead
 * @param dnsTtlMillis the DNS records' TTL where DNS routes the traffic; null otherwise
 */
public record ReadinessFacts(
    long atMillis,
    List<HealthReport> liveness,
    List<SiteObservation> databases,
    List<Probe> routers,
    List<StoreProbe> stores,
    Long backupEveryMillis,
    Long restoreEveryMillis,
    int approvers,
    Probe slack,
    long detectionMillis,
    Long dnsTtlMillis) {

  /** A read-only call to a provider: did it answer, and what it said. */
  public record Probe(String subject, boolean reachable, String detail) {}

  /** A backup target: reachable, and its newest backup (null: none found). */
  public record StoreProbe(
      String target,
      boolean reachable,
      String detail,
      String newestBackupId,
      Long newestBackupAtMillis) {}
}
