package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.region.RegionFailoverResult;
import dev.standby.model.region.RegionOutcome;
import dev.standby.model.region.RegionServiceOutcome;
import dev.standby.model.region.RegionServiceStatus;
import dev.standby.model.region.RegionTriggerResult;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every primary of site-a dies at once: the services' monitors hand their detections to the site's
 * trigger, which starts one region plan, not one failover per service.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RegionTriggerIT {
  static final String PLANS =
      """
      regionPlans:
        site-a:
          trigger: {failedServices: 2, window: 10s, minInterval: 30m}
      """;

  @Test
  void killingEveryPrimaryOfASiteStartsOnePlan() throws Exception {
    Map<String, String> services = new LinkedHashMap<>();
    services.put("ledger", "");
    services.put("payments", "ledger");
    services.put("orders", "");
    try (RegionLabs region = new RegionLabs("region-trigger", services, PLANS)) {
      region.watchAll();
      awaitMonitors(region);

      // A write on each primary, replayed by its replica: the evidence then dates the last commit
      // the replica has, and each failover's RPO is a measured window, not unknown.
      for (String service : services.keySet()) {
        try (var db = region.lab(service).jdbc("site-a");
            var sql = db.createStatement()) {
          sql.execute("CREATE TABLE IF NOT EXISTS region_probe (n int)");
          sql.execute("INSERT INTO region_probe VALUES (1)");
        }
      }
      Thread.sleep(1_000);
      long killedAt = System.currentTimeMillis();
      for (String service : services.keySet()) {
        region.lab(service).killDatabase("site-a");
      }

      RegionTriggerResult trigger =
          region
              .awaitStarted("region-trigger/site-a", Duration.ofMinutes(1))
              .getResult(2, TimeUnit.MINUTES, RegionTriggerResult.class);
      RegionFailoverResult plan =
          region
              .awaitStarted("region/site-a", Duration.ofMinutes(1))
              .getResult(4, TimeUnit.MINUTES, RegionFailoverResult.class);

      java.nio.file.Path saved = java.nio.file.Path.of("target", "e2e-histories");
      java.nio.file.Files.createDirectories(saved);
      for (String id : List.of("region-trigger/site-a", "region/site-a", "monitor/payments")) {
        java.nio.file.Files.writeString(
            saved.resolve("region-trigger-" + id.replace('/', '-') + ".json"),
            region.client.fetchHistory(id).toJson(true));
      }
      assertThat(trigger.decision()).isEqualTo("PLAN_STARTED");
      // At least the trigger's count reported. A monitor that had not counted to its threshold when
      // the plan moved its service may never report: the plan's failover got there first, and the
      // service then aims its monitor at the new primary.
      assertThat(trigger.services())
          .hasSizeGreaterThanOrEqualTo(2)
          .isSubsetOf(services.keySet())
          .doesNotHaveDuplicates();
      assertThat(plan.outcome()).isEqualTo(RegionOutcome.SUCCEEDED);
      assertThat(plan.incidentStartedAtMillis()).isGreaterThanOrEqualTo(killedAt - 1_000);
      assertThat(plan.services())
          .hasSize(3)
          .allSatisfy(
              s -> {
                assertThat(s.status()).isEqualTo(RegionServiceStatus.SUCCEEDED);
                assertThat(s.targetSite()).isEqualTo("site-b");
                assertThat(s.rpoMillis()).isNotNull();
              });
      // ledger moved before payments, which depends on it.
      assertThat(served(plan, "payments")).isGreaterThanOrEqualTo(served(plan, "ledger"));
      for (String service : services.keySet()) {
        RegionPlanIT.assertPrimary(region, service, "site-b");
      }
      // One plan, and one failover per service, each the plan's child: no monitor started its own.
      List<WorkflowExecutionInfo> failovers = executions(region, "WorkflowType = 'Failover'");
      assertThat(failovers).hasSize(3);
      assertThat(failovers)
          .allSatisfy(
              f -> assertThat(f.getParentExecution().getWorkflowId()).isEqualTo("region/site-a"));
      assertThat(executions(region, "WorkflowType = 'RegionFailover'")).hasSize(1);
      assertThat(executions(region, "WorkflowType = 'RegionTrigger'")).hasSize(1);
      System.out.printf(
          "region trigger: reported by %s; plan RTO %d ms from the first failed probe; services"
              + " %s%n",
          trigger.services(),
          plan.planRtoMillis(),
          plan.services().stream().map(s -> s.service() + "=" + s.rtoMillis() + "ms").toList());
    }
  }

  private static long served(RegionFailoverResult plan, String service) {
    return plan.services().stream()
        .filter(s -> s.service().equals(service))
        .map(RegionServiceOutcome::servedAtMillis)
        .findFirst()
        .orElseThrow();
  }

  /** Each service's monitor is probing its primary before anything dies. */
  private static void awaitMonitors(RegionLabs region) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      if (executions(region, "WorkflowType = 'HealthMonitor' AND ExecutionStatus = 'Running'")
              .size()
          == region.labs.size()) {
        Thread.sleep(3_000); // a few probes in, so each has seen its primary healthy
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the services' monitors did not start within a minute");
  }

  private static List<WorkflowExecutionInfo> executions(RegionLabs region, String query) {
    return region
        .service
        .blockingStub()
        .listWorkflowExecutions(
            ListWorkflowExecutionsRequest.newBuilder()
                .setNamespace("default")
                .setQuery(query)
                .build())
        .getExecutionsList();
  }
}
