package dev.standby.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.activities.NotifyActivities;
import dev.standby.adapters.notify.LogNotifyActivities;
import dev.standby.model.StepRecord;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.approval.ApprovalAsk;
import dev.standby.model.approval.MessageRef;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.service.HistoryEntry;
import dev.standby.model.service.Operation;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import dev.standby.model.service.SiteState;
import dev.standby.topology.TopologyLoader;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feeds the hooks what a failover, a drill, a backup and an approval report, then reads the
 * worker's real {@code /metrics} endpoint over HTTP.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OperationMetricsScrapeTest {
  private static final long NOW = 1_800_000_000_000L;

  private final AtomicLong clock = new AtomicLong(NOW);
  private PrometheusMeterRegistry registry;
  private StandbyMetrics metrics;
  private MetricsServer server;

  @BeforeEach
  void serve() throws Exception {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics =
        new StandbyMetrics(registry, clock::get)
            .forTopology(
                TopologyLoader.load(
                    Path.of(getClass().getResource("/metrics-topology.yaml").toURI())));
    server = MetricsServer.start(registry, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aFailoverAndAChaosDrillShowAsCountsRtoRpoStepsAndLastPassingTimes() throws Exception {
    metrics.operations().state(state("site-a", true, operation(OperationKind.FAILOVER), List.of()));
    Scrape during = Scrape.of(server.url());
    assertThat(
            during.value(
                "standby_operation_in_progress", "service", "payments", "kind", "failover"))
        .isEqualTo(1.0);
    assertThat(
            during.value(
                "standby_operations_total",
                "service",
                "payments",
                "kind",
                "failover",
                "outcome",
                "failed"))
        .as("every service's counters start at zero, so a rule sees its first failure")
        .isEqualTo(0.0);

    metrics
        .operations()
        .ended(
            report(OperationKind.FAILOVER, "PLANNED", OperationOutcome.COMPLETED)
                .moved("site-a", "site-b", true)
                .measured(4_300L, 0L, 0L)
                .withSteps(
                    List.of(
                        step("fence", 0, 1_200),
                        step("promote", 1_200, 1_330),
                        StepRecord.started("bake", 1_330))));
    clock.addAndGet(60_000);
    metrics
        .operations()
        .ended(
            report(OperationKind.DRILL, "CHAOS", OperationOutcome.COMPLETED)
                .measured(5_100L, 3L, 800L)
                .withSteps(List.of(step("fence", 0, 700))));
    metrics.operations().state(state("site-b", false, null, List.of()));

    Scrape after = Scrape.of(server.url());
    assertThat(
            after.value(
                "standby_operations_total",
                "service",
                "payments",
                "kind",
                "failover",
                "outcome",
                "completed"))
        .isEqualTo(1.0);
    assertThat(
            after.value(
                "standby_operations_total",
                "service",
                "payments",
                "kind",
                "drill",
                "outcome",
                "completed"))
        .isEqualTo(1.0);
    assertThat(
            after.value(
                "standby_operations_total",
                "service",
                "orders",
                "kind",
                "failover",
                "outcome",
                "completed"))
        .isEqualTo(0.0);
    assertThat(
            after.value(
                "standby_last_rto_seconds",
                "service",
                "payments",
                "kind",
                "failover",
                "type",
                "planned"))
        .isEqualTo(4.3);
    assertThat(
            after.value(
                "standby_last_rto_seconds",
                "service",
                "payments",
                "kind",
                "drill",
                "type",
                "chaos"))
        .isEqualTo(5.1);
    assertThat(
            after.value(
                "standby_last_rpo_seconds",
                "service",
                "payments",
                "kind",
                "drill",
                "type",
                "chaos"))
        .isEqualTo(0.8);
    assertThat(
            after.value(
                "standby_last_lost_writes",
                "service",
                "payments",
                "kind",
                "drill",
                "type",
                "chaos"))
        .isEqualTo(3.0);
    assertThat(
            after.value(
                "standby_operation_last_end_timestamp_seconds",
                "service",
                "payments",
                "kind",
                "drill",
                "type",
                "chaos",
                "outcome",
                "completed"))
        .isEqualTo((NOW + 60_000) / 1000.0);
    assertThat(
            after.value(
                "standby_operation_last_end_timestamp_seconds",
                "service",
                "payments",
                "kind",
                "failover",
                "type",
                "planned",
                "outcome",
                "completed"))
        .isEqualTo(NOW / 1000.0);
    // fence took 1.2 s in the failover and 0.7 s in the drill: one each, in their kind's histogram
    assertThat(
            after.value("standby_step_duration_seconds_count", "kind", "failover", "step", "fence"))
        .isEqualTo(1.0);
    assertThat(
            after.value("standby_step_duration_seconds_sum", "kind", "failover", "step", "fence"))
        .isEqualTo(1.2);
    assertThat(
            after.value(
                "standby_step_duration_seconds_bucket",
                "kind",
                "failover",
                "step",
                "fence",
                "le",
                "1.0"))
        .isEqualTo(0.0);
    assertThat(
            after.value(
                "standby_step_duration_seconds_bucket",
                "kind",
                "failover",
                "step",
                "fence",
                "le",
                "2.0"))
        .isEqualTo(1.0);
    assertThat(
            after.value("standby_step_duration_seconds_sum", "kind", "failover", "step", "promote"))
        .isEqualTo(0.13);
    assertThat(after.value("standby_step_duration_seconds_count", "kind", "drill", "step", "fence"))
        .isEqualTo(1.0);
    assertThat(after.body())
        .as("a step still running has no duration yet")
        .doesNotContain("step=\"bake\"");
    assertThat(after.value("standby_service_primary_info", "service", "payments", "site", "site-b"))
        .isEqualTo(1.0);
    assertThat(after.value("standby_service_primary_info", "service", "payments", "site", "site-a"))
        .as("an info metric keeps the current primary only")
        .isNull();
    assertThat(after.value("standby_service_protected", "service", "payments")).isEqualTo(0.0);
    assertThat(
            after.value("standby_operation_in_progress", "service", "payments", "kind", "failover"))
        .isEqualTo(0.0);
  }

  @Test
  void theHistoryGivesARestartedWorkerItsLastPassingTimesAndNeverMovesThemBack() throws Exception {
    long drilledAt = NOW - 86_400_000L;
    long verifiedAt = NOW - 3_600_000L;
    metrics
        .operations()
        .state(
            state(
                "site-a",
                true,
                null,
                List.of(
                    entry("drill", "TABLETOP", drilledAt - 1000, OperationOutcome.COMPLETED),
                    entry("drill", "TABLETOP", drilledAt, OperationOutcome.COMPLETED),
                    entry("restore-verify", null, verifiedAt, OperationOutcome.FAILED),
                    HistoryEntry.event("alarm", NOW, "two writable primaries"))));
    metrics
        .operations()
        .state(
            state(
                "site-a",
                true,
                null,
                List.of(entry("drill", "TABLETOP", drilledAt - 5000, OperationOutcome.COMPLETED))));

    Scrape scrape = Scrape.of(server.url());
    assertThat(
            scrape.value(
                "standby_operation_last_end_timestamp_seconds",
                "service",
                "payments",
                "kind",
                "drill",
                "type",
                "tabletop",
                "outcome",
                "completed"))
        .isEqualTo(drilledAt / 1000.0);
    assertThat(
            scrape.value(
                "standby_operation_last_end_timestamp_seconds",
                "service",
                "payments",
                "kind",
                "restore-verify",
                "type",
                "",
                "outcome",
                "failed"))
        .isEqualTo(verifiedAt / 1000.0);
    assertThat(scrape.value("standby_service_protected", "service", "payments")).isEqualTo(1.0);
    assertThat(scrape.body()).doesNotContain("kind=\"alarm\"");
  }

  @Test
  void backupCopiesAreTimedPerTarget() throws Exception {
    metrics.backups().copyVerified("payments", "local", NOW);
    metrics.backups().copyVerified("payments", "s3-offsite", NOW + 2_000);
    metrics.backups().copyVerified("payments", "local", NOW - 10_000);

    Scrape scrape = Scrape.of(server.url());
    assertThat(
            scrape.value(
                "standby_backup_copy_last_success_timestamp_seconds",
                "service",
                "payments",
                "target",
                "local"))
        .isEqualTo(NOW / 1000.0);
    assertThat(
            scrape.value(
                "standby_backup_copy_last_success_timestamp_seconds",
                "service",
                "payments",
                "target",
                "s3-offsite"))
        .isEqualTo((NOW + 2_000) / 1000.0);
  }

  @Test
  void anApprovalWaitsFromItsAskToItsDecisionAndShowsTheLevelItReached() throws Exception {
    NotifyActivities notify = metrics.notifying(new LogNotifyActivities());
    ApprovalAsk first = ask(1);
    MessageRef message = notify.askForApproval(first);
    notify.askForApproval(first); // a retried activity asks again: still one request
    notify.escalate(ask(2), message);

    Scrape waiting = Scrape.of(server.url());
    assertThat(waiting.value("standby_approvals_waiting", "service", "payments")).isEqualTo(1.0);
    assertThat(waiting.value("standby_approvals_waiting", "service", "orders")).isEqualTo(0.0);
    assertThat(waiting.value("standby_approval_requests_total", "service", "payments"))
        .isEqualTo(1.0);
    assertThat(
            waiting.value(
                "standby_approval_escalations_total", "service", "payments", "level", "2"))
        .isEqualTo(1.0);
    assertThat(
            waiting.value(
                "standby_approval_waiting_level",
                "service",
                "payments",
                "workflow_id",
                "failover/payments",
                "step",
                "promote"))
        .isEqualTo(2.0);
    assertThat(waiting.value("standby_approval_last_level", "service", "payments")).isEqualTo(2.0);
    assertThat(waiting.value("standby_approval_last_level", "service", "orders")).isEqualTo(3.0);

    notify.update(message, "approved by alice");
    Scrape decided = Scrape.of(server.url());
    assertThat(decided.value("standby_approvals_waiting", "service", "payments")).isEqualTo(0.0);
    assertThat(decided.body()).doesNotContain("standby_approval_waiting_level{");

    notify.askForApproval(
        new ApprovalAsk("failover/payments", "payments", "cutover", "go", 1, List.of(), 900));
    metrics
        .operations()
        .ended(report(OperationKind.FAILOVER, "PLANNED", OperationOutcome.CANCELED));
    assertThat(Scrape.of(server.url()).value("standby_approvals_waiting", "service", "payments"))
        .as("a run that ended waits for nothing")
        .isEqualTo(0.0);
  }

  private static ApprovalAsk ask(int level) {
    return new ApprovalAsk(
        "failover/payments",
        "payments",
        "promote",
        "PLANNED failover of payments",
        level,
        List.of(),
        900);
  }

  private static OperationReport report(
      OperationKind kind, String subtype, OperationOutcome outcome) {
    return new OperationReport(
            "payments",
            kind,
            null,
            kind.label() + "/payments",
            "run-1",
            outcome,
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            null,
            List.of())
        .subtype(subtype);
  }

  private static StepRecord step(String name, long from, long to) {
    return StepRecord.started(name, NOW + from).finish(StepStatus.COMPLETED, NOW + to, null);
  }

  private static Operation operation(OperationKind kind) {
    return new Operation(kind, kind.label() + "/payments", "run-1", true, "alice", NOW, null);
  }

  private static HistoryEntry entry(
      String what, String subtype, long endedAt, OperationOutcome outcome) {
    return new HistoryEntry(
        what,
        subtype,
        what + "/payments",
        "alice",
        endedAt - 1000,
        endedAt,
        outcome,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static ServiceState state(
      String primary, boolean isProtected, Operation operation, List<HistoryEntry> history) {
    Map<String, SiteState> sites =
        Map.of(
            "site-a",
            SiteState.unobserved(
                "site-a",
                primary.equals("site-a") ? DatabaseRole.PRIMARY : DatabaseRole.REPLICA,
                SiteCondition.HEALTHY),
            "site-b",
            SiteState.unobserved(
                "site-b",
                primary.equals("site-b") ? DatabaseRole.PRIMARY : DatabaseRole.REPLICA,
                SiteCondition.HEALTHY));
    return new ServiceState(
        "payments", primary, sites, isProtected, "test", operation, true, history, List.of(), NOW);
  }
}
