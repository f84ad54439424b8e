package dev.standby.workflows.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.failover.CandidateReport;
import dev.standby.model.failover.TargetChoice;
import dev.standby.model.health.HealthReport;
import dev.standby.model.service.SiteCondition;
import dev.standby.workflows.failover.TargetElection.Candidate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TargetElectionTest {
  private static final long RPO = 5_000;

  private static HealthReport live(String site, long latencyMillis) {
    return new HealthReport(site, true, 200, "ok", Map.of(), latencyMillis, 500, 0, null);
  }

  private static HealthReport dead(String site) {
    return new HealthReport(site, false, 0, null, Map.of(), 0, 500, 0, "connection refused");
  }

  private static ReplicationStatus replayed(String site, String lsn, long lagMillis) {
    return new ReplicationStatus(
        site, DatabaseRole.REPLICA, lsn, lsn, 1_000L, lagMillis, false, null);
  }

  private static Candidate candidate(String site, int priority, String lsn) {
    return new Candidate(
        site, priority, live(site, 5), replayed(site, lsn, 0), SiteCondition.HEALTHY);
  }

  @Test
  void unplannedTheMostAdvancedWinsWhateverThePriority() {
    TargetChoice choice =
        TargetElection.elect(
            List.of(candidate("site-b", 90, "0/3000100"), candidate("site-c", 10, "0/3000200")),
            false,
            RPO);

    assertThat(choice.target()).isEqualTo("site-c");
    assertThat(choice.elected()).isTrue();
    assertThat(choice.why())
        .contains("more advanced")
        .contains("256 bytes more")
        .contains("site-b");
    assertThat(choice.candidates())
        .extracting(CandidateReport::site)
        .containsExactly("site-c", "site-b");
    assertThat(choice.candidates()).extracting(CandidateReport::rank).containsExactly(1, 2);
    assertThat(choice.describe()).contains("site-c elected").contains("site-b #2 at 0/3000100");
  }

  @Test
  void samePositionTheHigherPriorityWins() {
    TargetChoice choice =
        TargetElection.elect(
            List.of(candidate("site-b", 40, "0/3000100"), candidate("site-c", 80, "0/3000100")),
            false,
            RPO);

    assertThat(choice.target()).isEqualTo("site-c");
    assertThat(choice.why()).contains("same replay position").contains("higher priority 80 vs 40");
  }

  @Test
  void plannedEveryCandidateWithinTheRpoIsEqualSoPriorityDecides() {
    // A planned failover fences and waits for the target: being a few bytes behind loses nothing.
    TargetChoice choice =
        TargetElection.elect(
            List.of(candidate("site-b", 40, "0/3000200"), candidate("site-c", 80, "0/3000100")),
            true,
            RPO);

    assertThat(choice.target()).isEqualTo("site-c");
    assertThat(choice.why()).contains("within the RPO").contains("higher priority 80 vs 40");
  }

  @Test
  void samePositionAndPriorityTheFasterLivenessWinsThenTheName() {
    Candidate slow =
        new Candidate("site-b", 50, live("site-b", 40), replayed("site-b", "0/3000100", 0), null);
    Candidate fast =
        new Candidate("site-c", 50, live("site-c", 4), replayed("site-c", "0/3000100", 0), null);
    assertThat(TargetElection.elect(List.of(slow, fast), false, RPO).target()).isEqualTo("site-c");
    assertThat(TargetElection.elect(List.of(slow, fast), false, RPO).why())
        .contains("faster liveness 4 ms vs 40 ms");

    TargetChoice tie =
        TargetElection.elect(
            List.of(candidate("site-c", 50, "0/3000100"), candidate("site-b", 50, "0/3000100")),
            false,
            RPO);
    assertThat(tie.target()).isEqualTo("site-b");
    assertThat(tie.why()).contains("first by name");
  }

  @Test
  void backupOnlyUnhealthyNonReplicasPriorityZeroAndOldPrimariesAreNeverElected() {
    Candidate backup =
        new Candidate(
            "site-d",
            100,
            live("site-d", 1),
            replayed("site-d", "0/9000000", 0),
            SiteCondition.BACKUP_ONLY);
    Candidate down =
        new Candidate("site-e", 100, dead("site-e"), replayed("site-e", "0/9000000", 0), null);
    Candidate zero = candidate("site-f", 0, "0/9000000");
    Candidate resync =
        new Candidate(
            "site-g",
            100,
            live("site-g", 1),
            replayed("site-g", "0/9000000", 0),
            SiteCondition.NEEDS_RESYNC);
    Candidate primary =
        new Candidate(
            "site-h",
            100,
            live("site-h", 1),
            new ReplicationStatus(
                "site-h", DatabaseRole.PRIMARY, "0/9", "0/9", null, null, false, null),
            null);
    Candidate ok = candidate("site-b", 10, "0/3000000");

    TargetChoice choice =
        TargetElection.elect(List.of(backup, down, zero, resync, primary, ok), false, RPO);

    assertThat(choice.target()).isEqualTo("site-b");
    assertThat(choice.why()).isEqualTo("the only eligible standby");
    assertThat(choice.candidates()).filteredOn(c -> !c.eligible()).hasSize(5);
    assertThat(choice.candidates())
        .filteredOn(c -> c.site().equals("site-d"))
        .singleElement()
        .satisfies(c -> assertThat(c.note()).contains("backup-only"));
    assertThat(choice.candidates())
        .filteredOn(c -> c.site().equals("site-f"))
        .singleElement()
        .satisfies(c -> assertThat(c.note()).contains("priority 0"));
  }

  @Test
  void noEligibleStandbyElectsNobodyAndSaysWhy() {
    TargetChoice choice =
        TargetElection.elect(
            List.of(new Candidate("site-b", 50, dead("site-b"), null, null)), false, RPO);

    assertThat(choice.target()).isNull();
    assertThat(choice.describe()).contains("site-b (not eligible)").contains("connection refused");
  }

  @Test
  void plannedACandidateLaggingPastTheRpoIsNotEligible() {
    Candidate lagging =
        new Candidate(
            "site-b", 90, live("site-b", 1), replayed("site-b", "0/3000100", 9_000), null);
    TargetChoice choice =
        TargetElection.elect(List.of(lagging, candidate("site-c", 10, "0/3000000")), true, RPO);

    assertThat(choice.target()).isEqualTo("site-c");
    assertThat(choice.candidates().get(1).note()).contains("lags 9000 ms");
  }

  @Test
  void aNamedTargetBehindAnotherStandbySaysByHowMuch() {
    TargetChoice choice =
        TargetElection.named(
            "site-c",
            List.of(candidate("site-b", 50, "0/3000200"), candidate("site-c", 50, "0/3000100")),
            false,
            RPO);

    assertThat(choice.elected()).isFalse();
    assertThat(choice.behindBytes()).isEqualTo(256);
    assertThat(choice.why()).contains("256 bytes of WAL behind site-b");
    assertThat(TargetElection.mostAdvancedOther(choice)).isEqualTo("site-b");
  }

  @Test
  void aNamedTargetAheadOfTheOthersIsBehindNobody() {
    TargetChoice choice =
        TargetElection.named(
            "site-b",
            List.of(candidate("site-b", 50, "0/3000200"), candidate("site-c", 50, "0/3000100")),
            false,
            RPO);

    assertThat(choice.behindBytes()).isZero();
    assertThat(choice.why()).contains("no other standby has replayed more");
  }
}
