package dev.standby.workflows.drill;

import dev.standby.model.StepRecord;
import dev.standby.model.database.WalPosition;
import dev.standby.model.drill.DrillSiteReport;
import dev.standby.model.drill.DrillSiteReport.Role;
import dev.standby.model.failover.CandidateReport;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.service.HistoryEntry;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.ServiceState;
import dev.standby.workflows.failover.FailoverWorkflowImpl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failover drill's figures per site, in the topology's order, from what the failover read and
 * did: the target's RTO and RPO come from the drill's write load; each other standby's replay
 * position and lag from the failover's reading of the candidates, and its re-pointing from the
 * failover's steps. Pure: nothing here reads the world again.
 */
final class DrillSites {
  private DrillSites() {}

  static List<DrillSiteReport> report(DrillFindings f) {
    if (f.failover == null || f.spec == null) {
      return List.of();
    }
    FailoverResult failover = f.failover;
    Map<String, CandidateReport> read = new LinkedHashMap<>();
    if (failover.targetChoice() != null) {
      failover.targetChoice().candidates().forEach(c -> read.put(c.site(), c));
    }
    String promotedAt = failover.dataLoss() == null ? null : failover.dataLoss().targetReplayLsn();
    Long promotionEnd = stepEnd(failover, FailoverWorkflowImpl.PROMOTE_STEP);
    List<DrillSiteReport> sites = new ArrayList<>();
    for (String site : f.spec.sites()) {
      CandidateReport c = read.get(site);
      int priority = f.spec.priority(site);
      if (site.equals(failover.sourceSite())) {
        sites.add(figures(site, Role.SOURCE, priority, null, null, null, null, null));
      } else if (f.spec.backupOnly(site)) {
        sites.add(
            figures(
                site, Role.BACKUP_ONLY, priority, null, null, null, null, lastBackup(f.before)));
      } else if (site.equals(failover.targetSite())) {
        sites.add(
            new DrillSiteReport(
                site,
                Role.TARGET,
                priority,
                promotedAt != null ? promotedAt : c == null ? null : c.replayLsn(),
                c == null ? null : c.lagMillis(),
                null,
                f.rto,
                f.lost,
                f.window,
                null,
                null,
                null));
      } else {
        String repointed =
            failover.repointed().stream()
                .filter(r -> r.startsWith(site + " "))
                .findFirst()
                .orElse(null);
        Long following = null;
        if (repointed != null && repointed.startsWith(site + " streams from")) {
          Long end = stepEnd(failover, "repoint-" + site);
          Long rewound = stepEnd(failover, "rewind-" + site);
          Long streaming = rewound != null ? rewound : end;
          following = streaming == null || promotionEnd == null ? null : streaming - promotionEnd;
        }
        sites.add(
            figures(
                site,
                Role.STANDBY,
                priority,
                c,
                behind(promotedAt, c),
                repointed,
                following,
                c == null ? "the failover did not read it" : null));
      }
    }
    return sites;
  }

  private static DrillSiteReport figures(
      String site,
      Role role,
      int priority,
      CandidateReport read,
      Long behindBytes,
      String repointed,
      Long following,
      String note) {
    return new DrillSiteReport(
        site,
        role,
        priority,
        read == null ? null : read.replayLsn(),
        read == null ? null : read.lagMillis(),
        behindBytes,
        null,
        null,
        null,
        repointed,
        following,
        note);
  }

  /** Bytes the standby had replayed less than the target had when promoted; null when unknown. */
  private static Long behind(String promotedAt, CandidateReport c) {
    long target = WalPosition.bytes(promotedAt);
    long standby = c == null ? -1 : WalPosition.bytes(c.replayLsn());
    return target < 0 || standby < 0 ? null : Math.max(0, target - standby);
  }

  /** The end of the failover's last completed step of that name, or null. */
  private static Long stepEnd(FailoverResult failover, String name) {
    Long end = null;
    for (StepRecord s : failover.steps()) {
      if (s.name().equals(name)
          && s.status() == StepRecord.StepStatus.COMPLETED
          && s.endedAtMillis() != null) {
        end = s.endedAtMillis();
      }
    }
    return end;
  }

  /** The service's newest completed backup, as its history remembers it, or null. */
  private static String lastBackup(ServiceState state) {
    if (state == null) {
      return null;
    }
    HistoryEntry last = null;
    for (HistoryEntry e : state.history()) {
      if (OperationKind.BACKUP.label().equals(e.what())
          && e.outcome() == OperationOutcome.COMPLETED) {
        last = e;
      }
    }
    return last == null
        ? "no backup in the service's history"
        : "last backup: " + last.detail() + ", " + last.workflowId();
  }
}
