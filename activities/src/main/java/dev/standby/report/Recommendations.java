package dev.standby.report;

import dev.standby.model.StepRecord;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.DrillType;
import dev.standby.model.health.CheckResult;
import java.util.ArrayList;
import java.util.List;

/**
 * What to do next, following from what a drill measured: each line names the figure it comes from.
 */
public final class Recommendations {
  private Recommendations() {}

  public static List<String> of(DrillResult r) {
    List<String> out = new ArrayList<>();
    if (r.outcome() == DrillResult.Outcome.SKIPPED) {
      out.add(
          "The drill did not run ("
              + String.join("; ", r.reasons())
              + "): schedule it outside the blackout window.");
      return out;
    }
    if (r.type() == DrillType.TABLETOP) {
      tabletop(r, out);
    }
    if (r.rtoMillis() != null && r.objectives() != null) {
      long rto = r.rtoMillis();
      long objective = r.objectives().rtoMillis();
      if (rto > objective) {
        out.add(
            "RTO "
                + ReadableDurations.human(rto)
                + " missed the objective of "
                + ReadableDurations.human(objective)
                + ". "
                + rtoBreakdown(r));
      } else if (rto > objective * 0.8) {
        out.add(
            "RTO "
                + ReadableDurations.human(rto)
                + " is within 20% of its objective ("
                + ReadableDurations.human(objective)
                + "): a slower day would miss it. "
                + rtoBreakdown(r));
      }
    }
    if (r.rpoLostWrites() != null && r.objectives() != null) {
      long window = r.rpoWindowMillis() == null ? 0 : r.rpoWindowMillis();
      if (!DrillReportRenderer.rpoMet(r)) {
        out.add(
            r.rpoLostWrites()
                + " acknowledged writes were lost ("
                + ReadableDurations.human(window)
                + " of writes), more than the RPO of "
                + ReadableDurations.human(r.objectives().rpoMillis())
                + " allows: use synchronous replication (synchronous_commit = remote_apply with a synchronous standby) "
                + "or a tier whose RPO is above zero.");
      } else if (r.rpoLostWrites() > 0) {
        out.add(
            r.rpoLostWrites()
                + " acknowledged writes were lost within the RPO; tell the service's owners which "
                + "(the journal lists them) so they can be replayed.");
      }
    }
    if (r.writeLoad() != null && r.outcome() == DrillResult.Outcome.ABORTED) {
      out.add(
          "A stop condition ended the drill ("
              + r.writeLoad().guardDetail()
              + "): find out why the service degraded "
              + "before the failover could take over, then run the drill again.");
    }
    if (r.type() != DrillType.TABLETOP && r.writeLoad() == null) {
      out.add(
          "No write load ran: add drill.writeLoad to the topology so drills measure the RPO, not only the RTO.");
    }
    for (CheckResult c : r.checks() == null ? List.<CheckResult>of() : r.checks()) {
      if (!c.passed()) {
        out.add(
            "Integration check '"
                + c.name()
                + "' failed on the target ("
                + c.detail()
                + "): the standby serves "
                + "health but not this dependency.");
      }
    }
    if (r.consistency() != null) {
      r.consistency().stream()
          .filter(t -> !t.matches())
          .forEach(
              t ->
                  out.add(
                      "Table "
                          + t.table()
                          + " differs from the snapshot on the promoted database ("
                          + t.snapshotRows()
                          + " rows before, "
                          + t.targetRows()
                          + " after): investigate before trusting the standby's data."));
    }
    for (StepRecord s : r.steps()) {
      if (s.status() == StepRecord.StepStatus.FAILED) {
        out.add("Step " + s.name() + " failed: " + s.detail());
      }
    }
    if (out.isEmpty()) {
      out.add(
          "Every objective was met with margin. Keep the schedule; consider a harder drill (chaos, another fault).");
    }
    return out;
  }

  private static void tabletop(DrillResult r, List<String> out) {
    for (DrillResult.TabletopOutcome t :
        r.tabletop() == null ? List.<DrillResult.TabletopOutcome>of() : r.tabletop()) {
      if (t.takenMillis() == null) {
        out.add(
            "Nobody acknowledged '"
                + t.name()
                + "' (owner "
                + t.owner()
                + ") in time: check the owner is still "
                + "on the rota and knows the step.");
      } else if (t.takenMillis() > t.estimatedMillis() * 1.5) {
        out.add(
            "'"
                + t.name()
                + "' took "
                + ReadableDurations.human(t.takenMillis())
                + " against an estimate of "
                + ReadableDurations.human(t.estimatedMillis())
                + ": automate it or update the runbook's estimate.");
      }
    }
  }

  private static String rtoBreakdown(DrillResult r) {
    if (r.failover() == null) {
      return "";
    }
    StepRecord slowest =
        r.failover().steps().stream()
            .filter(s -> s.durationMillis() != null)
            .max(java.util.Comparator.comparingLong(StepRecord::durationMillis))
            .orElse(null);
    long detection =
        r.faultInjected() != null
            ? r.failover().startedAtMillis() - r.faultInjected().atMillis()
            : 0;
    return (detection > 0
            ? "Detection and start took " + ReadableDurations.human(detection) + "; "
            : "")
        + (slowest == null
            ? ""
            : "the slowest failover step was "
                + slowest.name()
                + " ("
                + ReadableDurations.human(slowest.durationMillis())
                + ").");
  }
}
