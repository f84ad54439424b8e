package dev.standby.workflows.service;

import dev.standby.activities.DatabaseActivities;
import dev.standby.model.FailureType;
import dev.standby.model.ServiceSpec;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.SiteObservation;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import dev.standby.model.service.SiteState;
import dev.standby.workflows.SiteHosts;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every site's database for the service and turns what it says into site conditions and
 * protection; fences a second writable primary. The reading and the fencing are activities; the
 * rest is pure, so the workflow applies it to the state as it is when the reading comes back.
 */
final class SiteWatch {
  /** The state after an observation, and what changed that people should know of. */
  record Applied(ServiceState state, List<String> notes) {}

  private final ServiceSpec spec;
  private final DatabaseActivities database = Workflow.newActivityStub(DatabaseActivities.class);

  SiteWatch(ServiceSpec spec) {
    this.spec = spec;
  }

  /** Every site's database now; nothing when the reading itself failed (the state stays). */
  List<SiteObservation> observe() {
    try {
      return database.observe(spec.name());
    } catch (ActivityFailure e) {
      Workflow.getLogger(SiteWatch.class)
          .warn("service {}: could not read its databases: {}", spec.name(), e.getMessage());
      return List.of();
    }
  }

  /**
   * Makes {@code site} unable to take writes: isolated on its host (killed, left to restart as a
   * replica of {@code primary}) where the topology gives host access, else fenced over SQL.
   */
  String fence(String site, String primary) {
    try {
      return SiteHosts.database(site).isolate(spec.name(), site, primary).how();
    } catch (ActivityFailure e) {
      if (!(e.getCause() instanceof ApplicationFailure a)
          || !FailureType.RESYNC_NOT_CONFIGURED.type().equals(a.getType())) {
        return fenceOverSql(site, "could not isolate it (" + e.getCause().getMessage() + ")");
      }
      return fenceOverSql(site, "no host access");
    }
  }

  private String fenceOverSql(String site, String why) {
    try {
      return why
          + "; fenced over SQL at LSN "
          + SiteHosts.database(site).fence(spec.name(), site).finalLsn()
          + " (read-only, sessions ended)";
    } catch (ActivityFailure e) {
      return why + "; and the SQL fence failed too: " + e.getCause().getMessage();
    }
  }

  /**
   * Applies an observation. On a fresh start ({@code adopt}) a state that names a primary which is
   * not writable, while exactly one other site is, follows the world and says so.
   */
  static Applied apply(
      ServiceState s, List<SiteObservation> seen, long rpoMillis, long now, boolean adopt) {
    if (seen.isEmpty()) {
      return new Applied(s, List.of());
    }
    List<String> notes = new ArrayList<>();
    if (adopt) {
      List<String> writable =
          seen.stream()
              .filter(SiteObservation::writablePrimary)
              .map(SiteObservation::site)
              .toList();
      if (writable.size() == 1 && !writable.get(0).equals(s.primarySite())) {
        notes.add(
            "the topology names "
                + s.primarySite()
                + " as primary, but "
                + writable.get(0)
                + " is the only writable primary: the service's state follows the databases");
        s = s.withPrimary(writable.get(0));
      }
    }
    Map<String, SiteState> sites = new LinkedHashMap<>(s.sites());
    for (SiteObservation o : seen) {
      SiteState before = sites.get(o.site());
      if (before == null) {
        continue;
      }
      boolean primary = o.site().equals(s.primarySite());
      Verdict v = primary ? judgePrimary(o) : judgeReplica(before, o, s.primarySite(), rpoMillis);
      sites.put(
          o.site(),
          new SiteState(
              o.site(),
              o.role(),
              v.condition(),
              o.upstreamSite(),
              o.streaming(),
              o.status().lagMillis(),
              o.writablePrimary(),
              now,
              v.detail()));
    }
    s = s.withSites(sites);
    String protector = null;
    for (SiteState site : sites.values()) {
      if (!site.site().equals(s.primarySite()) && protects(site, s.primarySite(), rpoMillis)) {
        protector = site.site();
        break;
      }
    }
    boolean wasProtected = s.protectedNow();
    s =
        protector != null
            ? s.withProtection(true, protector + " streams from " + s.primarySite())
            : s.withProtection(false, unprotectedBecause(s, rpoMillis));
    if (wasProtected != s.protectedNow()) {
      notes.add((s.protectedNow() ? "protected: " : "NOT protected: ") + s.protection());
    }
    if (s.protectedNow() && secondPrimaries(s, seen).isEmpty() && !s.alarms().isEmpty()) {
      s = s.withAlarms(List.of());
      notes.add("alarms cleared: protected and one writable primary");
    }
    return new Applied(s, notes);
  }

  /** Sites other than the recorded primary that take writes, when the recorded primary does. */
  static List<String> secondPrimaries(ServiceState s, List<SiteObservation> seen) {
    boolean recordedWritable =
        seen.stream().anyMatch(o -> o.site().equals(s.primarySite()) && o.writablePrimary());
    if (!recordedWritable) {
      // Never leave the service with no writable primary on a guess: people decide (the alarm
      // below is raised by the observation's notes and the site's condition).
      return List.of();
    }
    return seen.stream()
        .filter(o -> !o.site().equals(s.primarySite()) && o.writablePrimary())
        .map(SiteObservation::site)
        .toList();
  }

  private static boolean protects(SiteState site, String primary, long rpoMillis) {
    return site.role() == DatabaseRole.REPLICA
        && site.streaming()
        && (site.follows() == null || site.follows().equals(primary))
        && (site.lagMillis() == null || site.lagMillis() <= rpoMillis)
        && site.condition() != SiteCondition.BACKUP_ONLY;
  }

  private static String unprotectedBecause(ServiceState s, long rpoMillis) {
    List<String> why = new ArrayList<>();
    for (SiteState site : s.sites().values()) {
      if (site.site().equals(s.primarySite()) || site.condition() == SiteCondition.BACKUP_ONLY) {
        continue;
      }
      why.add(site.site() + " " + site.detail());
    }
    return why.isEmpty() ? "no standby site" : "no replica streams within the RPO: " + why;
  }

  private record Verdict(SiteCondition condition, String detail) {}

  private static Verdict judgePrimary(SiteObservation o) {
    return switch (o.role()) {
      case PRIMARY ->
          o.status().fenced()
              ? new Verdict(SiteCondition.DEGRADED, "primary, fenced: refuses writes")
              : new Verdict(SiteCondition.HEALTHY, "primary, takes writes");
      case REPLICA ->
          new Verdict(
              SiteCondition.DEGRADED,
              "the recorded primary is in recovery (a replica): nothing takes writes here");
      case UNREACHABLE -> new Verdict(SiteCondition.UNREACHABLE, unreachable(o));
    };
  }

  private static Verdict judgeReplica(
      SiteState before, SiteObservation o, String primary, long rpoMillis) {
    SiteCondition sticky = before.condition();
    if (sticky == SiteCondition.BACKUP_ONLY) {
      return new Verdict(sticky, "holds backups only");
    }
    boolean following =
        o.role() == DatabaseRole.REPLICA
            && o.streaming()
            && (o.upstreamSite() == null || o.upstreamSite().equals(primary));
    Long lag = o.status().lagMillis();
    if (following && (lag == null || lag <= rpoMillis)) {
      return new Verdict(
          SiteCondition.HEALTHY,
          "replica streaming from " + primary + (lag == null ? "" : ", lag " + lag + " ms"));
    }
    boolean marked =
        sticky == SiteCondition.NEEDS_RESYNC
            || sticky == SiteCondition.FENCED
            || sticky == SiteCondition.FAILED_OVER;
    return switch (o.role()) {
      case REPLICA -> {
        String how =
            following
                ? "replica lagging " + lag + " ms, more than the RPO of " + rpoMillis + " ms"
                : "replica not streaming from "
                    + primary
                    + (o.upstreamSite() == null ? "" : " (follows " + o.upstreamSite() + ")");
        yield new Verdict(
            marked ? SiteCondition.NEEDS_RESYNC : SiteCondition.DEGRADED,
            how + (marked ? "; must be re-seeded from " + primary : ""));
      }
      case PRIMARY ->
          o.status().fenced()
              ? new Verdict(
                  SiteCondition.FENCED, "an old primary, fenced: must be re-seeded from " + primary)
              : new Verdict(
                  SiteCondition.DEGRADED, "a writable primary besides the recorded " + primary);
      case UNREACHABLE ->
          new Verdict(
              sticky == SiteCondition.FAILED_OVER
                  ? SiteCondition.FAILED_OVER
                  : marked ? sticky : SiteCondition.UNREACHABLE,
              unreachable(o));
    };
  }

  private static String unreachable(SiteObservation o) {
    return "database unreachable"
        + (Boolean.TRUE.equals(o.processAlive()) ? " (its server runs: hung?)" : "")
        + (o.status().error() == null ? "" : ": " + o.status().error());
  }
}
