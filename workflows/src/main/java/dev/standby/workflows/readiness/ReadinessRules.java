package dev.standby.workflows.readiness;

import dev.standby.model.ServiceSpec;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.SiteObservation;
import dev.standby.model.drill.DrillType;
import dev.standby.model.health.HealthReport;
import dev.standby.model.readiness.Finding;
import dev.standby.model.readiness.Readiness;
import dev.standby.model.readiness.ReadinessFacts;
import dev.standby.model.readiness.ReadinessStatus;
import dev.standby.model.service.HistoryEntry;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.ServiceState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns what readiness read into findings: pure, so it runs in workflow code and is tested without
 * Temporal. Each rule says what it found in words an on-call engineer can act on.
 */
public final class ReadinessRules {
  /** A replica lagging more than this share of the RPO is a warning before it is a failure. */
  static final double LAG_WARNING_SHARE = 0.5;

  /** A projected RTO above this share of the objective is a warning. */
  static final double RTO_WARNING_SHARE = 0.8;

  /** A newest backup may be this many schedule periods old before it is failing. */
  static final double BACKUP_PERIODS = 1.5;

  /** A passing drill older than this is a warning: the plan was last proved too long ago. */
  static final long DRILL_STALE_MILLIS = 90L * 24 * 3600 * 1000;

  private ReadinessRules() {}

  public static Readiness evaluate(
      ServiceSpec spec, ServiceState state, ReadinessFacts facts, long evaluations) {
    List<Finding> findings = new ArrayList<>();
    targets(spec, state, facts, findings);
    reachability(facts, findings);
    backups(state, facts, findings);
    drills(state, facts, findings);
    people(facts, findings);
    Long projected = projectedRto(spec, state, facts, findings);
    ReadinessStatus overall = ReadinessStatus.OK;
    for (Finding f : findings) {
      overall = overall.worst(f.status());
    }
    return new Readiness(
        spec.name(),
        facts.atMillis(),
        overall,
        List.copyOf(findings),
        projected,
        spec.rtoMillis(),
        evaluations);
  }

  private static void targets(
      ServiceSpec spec, ServiceState state, ReadinessFacts facts, List<Finding> out) {
    List<String> standbys = state.standbys();
    if (standbys.isEmpty()) {
      out.add(
          new Finding(
              "targets", spec.name(), ReadinessStatus.FAILING, "no standby site to fail over to"));
      return;
    }
    for (String site : standbys) {
      HealthReport app =
          facts.liveness().stream().filter(h -> h.site().equals(site)).findFirst().orElse(null);
      SiteObservation db =
          facts.databases().stream().filter(o -> o.site().equals(site)).findFirst().orElse(null);
      if (app == null || !app.alive()) {
        out.add(
            new Finding(
                "targets",
                site,
                ReadinessStatus.FAILING,
                site
                    + "'s app is not alive ("
                    + (app == null ? "not probed" : app.summary())
                    + "): it could not take over"));
        continue;
      }
      if (db == null || db.role() != DatabaseRole.REPLICA) {
        out.add(
            new Finding(
                "targets",
                site,
                ReadinessStatus.FAILING,
                site
                    + "'s database is "
                    + (db == null ? "not observed" : db.role())
                    + ", not a replica of "
                    + state.primarySite()));
        continue;
      }
      if (!db.streaming()) {
        out.add(
            new Finding(
                "targets",
                site,
                ReadinessStatus.FAILING,
                site + "'s replica is not streaming from " + state.primarySite()));
        continue;
      }
      long lag = db.status().lagMillis() == null ? 0 : db.status().lagMillis();
      ReadinessStatus status =
          lag > spec.rpoMillis()
              ? ReadinessStatus.FAILING
              : lag > spec.rpoMillis() * LAG_WARNING_SHARE
                  ? ReadinessStatus.WARNING
                  : ReadinessStatus.OK;
      out.add(
          new Finding(
              "targets",
              site,
              status,
              site
                  + " replica lag "
                  + lag
                  + " ms behind "
                  + state.primarySite()
                  + (status == ReadinessStatus.FAILING ? ", past the RPO of " : " (RPO ")
                  + spec.rpoMillis()
                  + " ms"
                  + (status == ReadinessStatus.FAILING ? "" : ")")));
    }
  }

  private static void reachability(ReadinessFacts facts, List<Finding> out) {
    for (ReadinessFacts.Probe router : facts.routers()) {
      out.add(probe("reachability", router));
    }
    for (SiteObservation db : facts.databases()) {
      boolean reached = db.role() != DatabaseRole.UNREACHABLE;
      out.add(
          new Finding(
              "reachability",
              "database " + db.site(),
              reached ? ReadinessStatus.OK : ReadinessStatus.FAILING,
              reached
                  ? db.site() + "'s database answers (" + db.role() + ")"
                  : db.site()
                      + "'s database is unreachable with the worker's credentials: "
                      + db.status().error()));
    }
    for (ReadinessFacts.StoreProbe store : facts.stores()) {
      out.add(
          new Finding(
              "reachability",
              "store " + store.target(),
              store.reachable() ? ReadinessStatus.OK : ReadinessStatus.FAILING,
              store.reachable()
                  ? "backup store " + store.target() + " answers"
                  : "backup store " + store.target() + " is unreachable: " + store.detail()));
    }
  }

  private static void backups(ServiceState state, ReadinessFacts facts, List<Finding> out) {
    if (facts.backupEveryMillis() == null) {
      out.add(
          new Finding(
              "backups", "schedule", ReadinessStatus.WARNING, "no backup schedule configured"));
    } else {
      long every = facts.backupEveryMillis();
      for (ReadinessFacts.StoreProbe store : facts.stores()) {
        if (!store.reachable()) {
          continue; // said under reachability
        }
        if (store.newestBackupAtMillis() == null) {
          out.add(
              new Finding(
                  "backups",
                  store.target(),
                  ReadinessStatus.FAILING,
                  "no backup in " + store.target()));
          continue;
        }
        long age = facts.atMillis() - store.newestBackupAtMillis();
        boolean stale = age > every * BACKUP_PERIODS;
        out.add(
            new Finding(
                "backups",
                store.target(),
                stale ? ReadinessStatus.FAILING : ReadinessStatus.OK,
                "newest backup in "
                    + store.target()
                    + " is "
                    + store.newestBackupId()
                    + ", "
                    + human(age)
                    + " old"
                    + (stale
                        ? ", older than the schedule (every " + human(every) + ") allows"
                        : " (schedule every " + human(every) + ")")));
      }
    }
    Optional<HistoryEntry> verified =
        lastPassing(state, OperationKind.RESTORE_VERIFY.label(), null);
    if (verified.isEmpty()) {
      out.add(
          new Finding(
              "backups",
              "restore-verify",
              ReadinessStatus.WARNING,
              "no passing restore verification on record"));
    } else {
      long age = facts.atMillis() - verified.get().endedAtMillis();
      boolean stale =
          facts.restoreEveryMillis() != null && age > facts.restoreEveryMillis() * BACKUP_PERIODS;
      out.add(
          new Finding(
              "backups",
              "restore-verify",
              stale ? ReadinessStatus.WARNING : ReadinessStatus.OK,
              "last passing restore verification " + human(age) + " ago"));
    }
  }

  private static void drills(ServiceState state, ReadinessFacts facts, List<Finding> out) {
    for (DrillType type : DrillType.values()) {
      Optional<HistoryEntry> last = lastPassing(state, OperationKind.DRILL.label(), type.name());
      if (last.isEmpty()) {
        out.add(
            new Finding(
                "drills",
                type.name(),
                ReadinessStatus.WARNING,
                "no passing " + type.name().toLowerCase() + " drill on record"));
        continue;
      }
      long age = facts.atMillis() - last.get().endedAtMillis();
      out.add(
          new Finding(
              "drills",
              type.name(),
              age > DRILL_STALE_MILLIS ? ReadinessStatus.WARNING : ReadinessStatus.OK,
              "last passing " + type.name().toLowerCase() + " drill " + human(age) + " ago"));
    }
  }

  private static void people(ReadinessFacts facts, List<Finding> out) {
    out.add(
        new Finding(
            "people",
            "approvers",
            facts.approvers() > 0 ? ReadinessStatus.OK : ReadinessStatus.WARNING,
            facts.approvers() > 0
                ? facts.approvers() + " approvers configured"
                : "no approvers configured: nobody is asked before a risky step"));
    if (facts.slack() == null) {
      out.add(
          new Finding(
              "people",
              "slack",
              ReadinessStatus.WARNING,
              "no Slack configured: alarms and approvals go to the log"));
    } else {
      out.add(probe("people", facts.slack()));
    }
  }

  /**
   * Detection, plus the last completed failover's measured duration, plus the DNS TTL where DNS
   * routes: what a failover now would take.
   */
  private static Long projectedRto(
      ServiceSpec spec, ServiceState state, ReadinessFacts facts, List<Finding> out) {
    Optional<HistoryEntry> last = lastPassing(state, OperationKind.FAILOVER.label(), null);
    long ttl = facts.dnsTtlMillis() == null ? 0 : facts.dnsTtlMillis();
    long projected =
        facts.detectionMillis()
            + ttl
            + last.map(e -> e.endedAtMillis() - e.startedAtMillis()).orElse(0L);
    String parts =
        "detection "
            + human(facts.detectionMillis())
            + (last.isPresent()
                ? " + last failover "
                    + human(last.get().endedAtMillis() - last.get().startedAtMillis())
                : " + no failover measured yet")
            + (facts.dnsTtlMillis() == null ? "" : " + DNS TTL " + human(ttl));
    ReadinessStatus status =
        projected > spec.rtoMillis()
            ? ReadinessStatus.FAILING
            : last.isEmpty() || projected > spec.rtoMillis() * RTO_WARNING_SHARE
                ? ReadinessStatus.WARNING
                : ReadinessStatus.OK;
    out.add(
        new Finding(
            "rto",
            "projected",
            status,
            "projected RTO "
                + human(projected)
                + " ("
                + parts
                + ") against the objective of "
                + human(spec.rtoMillis())));
    return projected;
  }

  private static Optional<HistoryEntry> lastPassing(ServiceState state, String what, String sub) {
    return state.history().stream()
        .filter(e -> what.equals(e.what()))
        .filter(e -> sub == null || sub.equals(e.subtype()))
        .filter(e -> e.outcome() == OperationOutcome.COMPLETED)
        .max(Comparator.comparingLong(HistoryEntry::endedAtMillis));
  }

  private static Finding probe(String area, ReadinessFacts.Probe p) {
    return new Finding(
        area,
        p.subject(),
        p.reachable() ? ReadinessStatus.OK : ReadinessStatus.FAILING,
        p.subject() + (p.reachable() ? " answers: " : " is unreachable: ") + p.detail());
  }

  static String human(long millis) {
    if (millis < 10_000) {
      return millis + " ms";
    }
    if (millis < 120_000) {
      return millis / 1000 + " s";
    }
    if (millis < 7_200_000) {
      return millis / 60_000 + " min";
    }
    if (millis < 172_800_000) {
      return millis / 3_600_000 + " h";
    }
    return millis / 86_400_000 + " d";
  }
}
