package dev.standby.workflows.failover;

import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.WalPosition;
import dev.standby.model.failover.CandidateReport;
import dev.standby.model.failover.TargetChoice;
import dev.standby.model.health.HealthReport;
import dev.standby.model.service.SiteCondition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Elects a failover's target among the standbys, deterministically, from what was read of each: the
 * most advanced replay position wins (unplanned: what the others have and it lacks is lost); then
 * the higher priority; then the faster liveness answer; then the name, so two runs that read the
 * same world elect the same site. A planned failover fences the primary and waits until the target
 * has replayed everything, so any candidate within the RPO loses nothing: there priority decides.
 * Pure: the workflow reads, this judges.
 */
public final class TargetElection {
  /** Conditions the service's state gives an old primary: it must be re-seeded before it serves. */
  private static final Set<SiteCondition> NOT_READY =
      Set.of(
          SiteCondition.NEEDS_RESYNC,
          SiteCondition.FENCED,
          SiteCondition.FAILED_OVER,
          SiteCondition.BACKUP_ONLY);

  /**
   * One standby as read just now.
   *
   * @param condition its condition in the service's state, or null when unknown
   */
  public record Candidate(
      String site,
      int priority,
      HealthReport liveness,
      ReplicationStatus database,
      SiteCondition condition) {}

  private TargetElection() {}

  /** The target elected among {@code candidates}, or a choice whose target is null: none can. */
  public static TargetChoice elect(List<Candidate> candidates, boolean planned, long rpoMillis) {
    List<Candidate> eligible = new ArrayList<>();
    List<CandidateReport> refused = new ArrayList<>();
    for (Candidate c : candidates) {
      String why = ineligible(c, planned, rpoMillis, false);
      if (why == null) {
        eligible.add(c);
      } else {
        refused.add(report(c, false, 0, why));
      }
    }
    eligible.sort(order(planned));
    List<CandidateReport> ranked = new ArrayList<>();
    for (int i = 0; i < eligible.size(); i++) {
      Candidate c = eligible.get(i);
      ranked.add(
          report(
              c,
              true,
              i + 1,
              i == 0
                  ? "winner"
                  : "behind " + eligible.get(0).site() + ": " + why(eligible.get(0), c, planned)));
    }
    ranked.addAll(refused);
    if (eligible.isEmpty()) {
      return new TargetChoice(null, true, "no standby can take over", 0, ranked);
    }
    Candidate winner = eligible.get(0);
    String why =
        eligible.size() == 1
            ? "the only eligible standby"
            : why(winner, eligible.get(1), planned) + " than " + eligible.get(1).site();
    return new TargetChoice(winner.site(), true, why, 0, ranked);
  }

  /**
   * A target the request named, judged against the other standbys: how far it is behind the most
   * advanced eligible one ({@link TargetChoice#behindBytes}).
   */
  public static TargetChoice named(
      String target, List<Candidate> candidates, boolean planned, long rpoMillis) {
    Candidate chosen = null;
    Candidate ahead = null;
    List<CandidateReport> reports = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.site().equals(target)) {
        chosen = c;
        continue;
      }
      String why = ineligible(c, planned, rpoMillis, false);
      reports.add(report(c, why == null, 0, why == null ? "not named" : why));
      if (why == null && (ahead == null || position(c) > position(ahead))) {
        ahead = c;
      }
    }
    if (chosen == null) {
      return new TargetChoice(target, false, "named by the request", 0, reports);
    }
    long behind = ahead == null ? 0 : Math.max(0, position(ahead) - position(chosen));
    String why =
        behind == 0
            ? "named by the request; no other standby has replayed more"
            : "named by the request; "
                + behind
                + " bytes of WAL behind "
                + ahead.site()
                + " ("
                + chosen.database().replayLsn()
                + " vs "
                + ahead.database().replayLsn()
                + commitGap(chosen, ahead)
                + ")";
    List<CandidateReport> all = new ArrayList<>();
    all.add(report(chosen, true, 1, "named"));
    all.addAll(reports);
    return new TargetChoice(target, false, why, behind, all);
  }

  /** The most advanced eligible standby other than the target, by replay position, or null. */
  public static String mostAdvancedOther(TargetChoice choice) {
    CandidateReport best = null;
    for (CandidateReport c : choice.candidates()) {
      if (c.site().equals(choice.target()) || !c.eligible()) {
        continue;
      }
      if (best == null || WalPosition.bytes(c.replayLsn()) > WalPosition.bytes(best.replayLsn())) {
        best = c;
      }
    }
    return best == null ? null : best.site();
  }

  /** Null when {@code c} could take over; else why not, in words. */
  static String ineligible(Candidate c, boolean planned, long rpoMillis, boolean named) {
    if (c.condition() == SiteCondition.BACKUP_ONLY) {
      return "backup-only: never a failover target";
    }
    if (c.priority() <= 0 && !named) {
      return "priority 0: never elected, only named";
    }
    if (c.condition() != null && NOT_READY.contains(c.condition())) {
      return c.condition() + ": must be re-seeded first";
    }
    if (c.liveness() == null || !c.liveness().canTakeOver()) {
      return "cannot take over: " + (c.liveness() == null ? "not probed" : c.liveness().summary());
    }
    if (c.database() == null || c.database().role() != DatabaseRole.REPLICA) {
      return "database is "
          + (c.database() == null ? "unknown" : c.database().role())
          + ", not a replica";
    }
    if (position(c) < 0) {
      return "its replay position is unknown";
    }
    long lag = c.database().lagMillis() == null ? 0 : c.database().lagMillis();
    if (planned && lag > rpoMillis) {
      return "lags " + lag + " ms, more than the RPO of " + rpoMillis + " ms";
    }
    return null;
  }

  private static Comparator<Candidate> order(boolean planned) {
    Comparator<Candidate> byPosition =
        planned ? (a, b) -> 0 : Comparator.comparingLong(TargetElection::position).reversed();
    return byPosition
        .thenComparing(Comparator.comparingInt(Candidate::priority).reversed())
        .thenComparingLong(TargetElection::latency)
        .thenComparing(Candidate::site);
  }

  /** Why {@code better} ranks before {@code worse}, in the order the rules apply. */
  private static String why(Candidate better, Candidate worse, boolean planned) {
    long ahead = position(better) - position(worse);
    if (!planned && ahead != 0) {
      return "more advanced: replayed "
          + better.database().replayLsn()
          + ", "
          + ahead
          + " bytes more";
    }
    String same =
        planned
            ? "both within the RPO (a planned failover catches the target up)"
            : "same replay position " + better.database().replayLsn();
    if (better.priority() != worse.priority()) {
      return same + ", higher priority " + better.priority() + " vs " + worse.priority();
    }
    if (latency(better) != latency(worse)) {
      return same
          + " and priority, faster liveness "
          + latency(better)
          + " ms vs "
          + latency(worse)
          + " ms";
    }
    return same + ", priority and latency; first by name";
  }

  private static String commitGap(Candidate behind, Candidate ahead) {
    Long a = ahead.database().lastReplayedCommitMillis();
    Long b = behind.database().lastReplayedCommitMillis();
    return a == null || b == null || a <= b
        ? ""
        : "; its last replayed commit " + (a - b) + " ms earlier";
  }

  private static long position(Candidate c) {
    return c.database() == null ? -1 : WalPosition.bytes(c.database().replayLsn());
  }

  private static long latency(Candidate c) {
    return c.liveness() == null ? Long.MAX_VALUE : c.liveness().latencyMillis();
  }

  private static CandidateReport report(Candidate c, boolean eligible, int rank, String note) {
    return new CandidateReport(
        c.site(),
        c.priority(),
        eligible,
        c.database() == null ? null : c.database().replayLsn(),
        c.database() == null ? null : c.database().lagMillis(),
        c.liveness() == null ? null : c.liveness().latencyMillis(),
        rank,
        note);
  }
}
