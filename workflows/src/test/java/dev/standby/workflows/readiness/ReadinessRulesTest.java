package dev.standby.workflows.readiness;

import static dev.standby.workflows.TestFixtures.healthy;
import static dev.standby.workflows.TestFixtures.primary;
import static dev.standby.workflows.TestFixtures.replica;
import static dev.standby.workflows.TestFixtures.unreachable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.ServiceSpec;
import dev.standby.model.database.SiteObservation;
import dev.standby.model.readiness.Finding;
import dev.standby.model.readiness.Readiness;
import dev.standby.model.readiness.ReadinessFacts;
import dev.standby.model.readiness.ReadinessFacts.Probe;
import dev.standby.model.readiness.ReadinessFacts.StoreProbe;
import dev.standby.model.readiness.ReadinessStatus;
import dev.standby.model.service.HistoryEntry;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.ServiceState;
import dev.standby.workflows.TestFixtures;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each readiness rule on its own facts: status and the reason it gives. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReadinessRulesTest {
  static final long NOW = 10L * 24 * 3600 * 1000;
  static final long HOUR = 3_600_000L;

  private final ServiceSpec spec = TestFixtures.spec(); // RTO 30 s, RPO 5 s

  private ServiceState state(HistoryEntry... history) {
    ServiceState s = TestFixtures.serviceState("site-a");
    for (HistoryEntry e : history) {
      s = s.recording(e);
    }
    return s;
  }

  private static HistoryEntry passed(String what, String subtype, long start, long end) {
    return new HistoryEntry(
        what,
        subtype,
        what + "/payments",
        "alice",
        start,
        end,
        OperationOutcome.COMPLETED,
        null,
        null,
        null,
        null,
        null,
        "ok");
  }

  private static ReadinessFacts facts(
      long lagMillis, List<StoreProbe> stores, Probe slack, Long backupEvery) {
    return new ReadinessFacts(
        NOW,
        List.of(healthy("site-a"), healthy("site-b")),
        List.of(
            new SiteObservation(primary("site-a"), null, false, true),
            new SiteObservation(replica("site-b", lagMillis), "site-a", true, true)),
        List.of(new Probe("router haproxy", true, "weights {site-a=100, site-b=0}")),
        stores,
        backupEvery,
        null,
        2,
        slack,
        3_000,
        null);
  }

  private static Finding finding(Readiness r, String area, String subject) {
    return r.findings().stream()
        .filter(f -> f.area().equals(area) && f.subject().equals(subject))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + area + "/" + subject + " in " + r));
  }

  @Test
  void aReplicaPastTheRpoIsFailingAndTheReasonNamesTheLag() {
    Readiness r = ReadinessRules.evaluate(spec, state(), facts(12_000, List.of(), null, null), 1);

    assertThat(r.status()).isEqualTo(ReadinessStatus.FAILING);
    assertThat(finding(r, "targets", "site-b").reason())
        .isEqualTo("site-b replica lag 12000 ms behind site-a, past the RPO of 5000 ms");
    assertThat(r.summary()).contains("lag 12000 ms");
  }

  @Test
  void aReplicaWithinTheRpoIsOkAndHalfwayIsAWarning() {
    assertThat(
            finding(
                    ReadinessRules.evaluate(spec, state(), facts(100, List.of(), null, null), 1),
                    "targets",
                    "site-b")
                .status())
        .isEqualTo(ReadinessStatus.OK);
    assertThat(
            finding(
                    ReadinessRules.evaluate(spec, state(), facts(3_000, List.of(), null, null), 1),
                    "targets",
                    "site-b")
                .status())
        .isEqualTo(ReadinessStatus.WARNING);
  }

  @Test
  void aNewestBackupOlderThanItsScheduleAllowsIsNamed() {
    List<StoreProbe> stores =
        List.of(
            new StoreProbe("local", true, "listed", "20260101T000000Z-aa", NOW - 72 * HOUR),
            new StoreProbe("s3", true, "listed", "20260110T000000Z-bb", NOW - 2 * HOUR));
    Readiness r = ReadinessRules.evaluate(spec, state(), facts(0, stores, null, 24 * HOUR), 1);

    assertThat(finding(r, "backups", "local").status()).isEqualTo(ReadinessStatus.FAILING);
    assertThat(finding(r, "backups", "local").reason())
        .isEqualTo(
            "newest backup in local is 20260101T000000Z-aa, 3 d old, older than the schedule"
                + " (every 24 h) allows");
    assertThat(finding(r, "backups", "s3").status()).isEqualTo(ReadinessStatus.OK);
  }

  @Test
  void unreachableDatabasesStoresAndSlackAreFailingNamingWhat() {
    ReadinessFacts f =
        new ReadinessFacts(
            NOW,
            List.of(healthy("site-a"), healthy("site-b")),
            List.of(
                new SiteObservation(primary("site-a"), null, false, true),
                new SiteObservation(unreachable("site-b"), null, false, false)),
            List.of(new Probe("router haproxy", false, "connection refused")),
            List.of(new StoreProbe("gcs", false, "403 Forbidden", null, null)),
            24 * HOUR,
            null,
            0,
            new Probe("slack", false, "auth.test answered 200 invalid_auth"),
            3_000,
            null);
    Readiness r = ReadinessRules.evaluate(spec, state(), f, 1);

    assertThat(finding(r, "reachability", "database site-b").status())
        .isEqualTo(ReadinessStatus.FAILING);
    assertThat(finding(r, "reachability", "router haproxy").reason())
        .isEqualTo("router haproxy is unreachable: connection refused");
    assertThat(finding(r, "reachability", "store gcs").reason())
        .isEqualTo("backup store gcs is unreachable: 403 Forbidden");
    assertThat(finding(r, "people", "slack").status()).isEqualTo(ReadinessStatus.FAILING);
    assertThat(finding(r, "people", "approvers").status()).isEqualTo(ReadinessStatus.WARNING);
    assertThat(finding(r, "targets", "site-b").reason()).contains("not a replica");
  }

  @Test
  void drillsAreJudgedByTheLastPassingOneOfEachType() {
    Readiness r =
        ReadinessRules.evaluate(
            spec,
            state(passed("drill", "PRACTICE", NOW - 2 * HOUR, NOW - HOUR)),
            facts(0, List.of(), null, null),
            1);

    assertThat(finding(r, "drills", "PRACTICE").status()).isEqualTo(ReadinessStatus.OK);
    assertThat(finding(r, "drills", "PRACTICE").reason())
        .isEqualTo("last passing practice drill 60 min ago");
    assertThat(finding(r, "drills", "CHAOS").reason())
        .isEqualTo("no passing chaos drill on record");
  }

  @Test
  void theProjectedRtoAddsDetectionTheLastFailoverAndTheDnsTtl() {
    ReadinessFacts f = facts(0, List.of(), null, null);
    ReadinessFacts withDns =
        new ReadinessFacts(
            f.atMillis(),
            f.liveness(),
            f.databases(),
            f.routers(),
            f.stores(),
            null,
            null,
            2,
            null,
            3_000,
            60_000L);
    ServiceState s = state(passed("failover", "UNPLANNED", NOW - 10_000, NOW - 6_000));

    Readiness proxy = ReadinessRules.evaluate(spec, s, f, 1);
    Readiness dns = ReadinessRules.evaluate(spec, s, withDns, 1);

    assertThat(proxy.projectedRtoMillis()).isEqualTo(7_000);
    assertThat(finding(proxy, "rto", "projected").status()).isEqualTo(ReadinessStatus.OK);
    assertThat(dns.projectedRtoMillis()).isEqualTo(67_000);
    assertThat(finding(dns, "rto", "projected").status()).isEqualTo(ReadinessStatus.FAILING);
    assertThat(finding(dns, "rto", "projected").reason())
        .isEqualTo(
            "projected RTO 67 s (detection 3000 ms + last failover 4000 ms + DNS TTL 60 s) against"
                + " the objective of 30 s");
  }
}
