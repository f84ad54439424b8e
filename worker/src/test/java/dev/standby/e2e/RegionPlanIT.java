package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.approval.Approval;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.region.RegionFailoverRequest;
import dev.standby.model.region.RegionFailoverResult;
import dev.standby.model.region.RegionOutcome;
import dev.standby.model.region.RegionProgress;
import dev.standby.model.region.RegionServiceOutcome;
import dev.standby.model.region.RegionServiceStatus;
import dev.standby.workflows.region.RegionFailoverWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A region plan on the lab: three services on site-a, each with its own databases and HAProxy
 * backend, in two groups with an approval between them; one of them cannot fail over (its replica
 * is gone). The plan goes as {@code onServiceFailure: continue} says, with every RTO and RPO.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RegionPlanIT {
  static final String PLANS =
      """
      regionPlans:
        site-a:
          groups:
            - [ledger]
            - {services: [payments, orders], approval: true}
          onServiceFailure: continue
          groupTimeout: 3m
      """;

  @Test
  void twoGroupsWithAnApprovalBetweenAndOneServiceThatCannotMove() throws Exception {
    try (RegionLabs region =
        new RegionLabs(
            "region-plan",
            new java.util.LinkedHashMap<>(
                Map.of("ledger", "", "payments", "ledger", "orders", "ledger")),
            PLANS)) {
      // orders' standby is gone: its failover must fail, and the others must move anyway.
      region.lab("orders").killDatabase("site-b");
      RegionFailoverWorkflow plan =
          region.client.newWorkflowStub(
              RegionFailoverWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("region/site-a")
                  .setTaskQueue("standby")
                  .build());
      WorkflowClient.start(
          plan::failover,
          new RegionFailoverRequest(
              "site-a", FailoverMode.PLANNED, "region IT", "it", null, null, null, null));

      RegionProgress waiting = awaitApprovalOfGroup2(plan);
      assertThat(status(waiting, "ledger")).isEqualTo(RegionServiceStatus.SUCCEEDED);
      assertThat(status(waiting, "payments")).isEqualTo(RegionServiceStatus.PENDING);
      assertPrimary(region, "payments", "site-a");

      plan.approve(new Approval("group-2", "alice", null, "go"));
      RegionFailoverResult result =
          WorkflowStub.fromTyped(plan).getResult(4, TimeUnit.MINUTES, RegionFailoverResult.class);

      java.nio.file.Path saved = java.nio.file.Path.of("target", "e2e-histories");
      java.nio.file.Files.createDirectories(saved);
      java.nio.file.Files.writeString(
          saved.resolve("region-plan-approved-group-one-service-failed.json"),
          region.client.fetchHistory("region/site-a").toJson(true));
      assertThat(result.outcome()).isEqualTo(RegionOutcome.PARTIAL);
      Map<String, RegionServiceOutcome> services =
          result.services().stream()
              .collect(Collectors.toMap(RegionServiceOutcome::service, Function.identity()));
      for (String moved : new String[] {"ledger", "payments"}) {
        assertThat(services.get(moved).status()).isEqualTo(RegionServiceStatus.SUCCEEDED);
        assertThat(services.get(moved).targetSite()).isEqualTo("site-b");
        assertThat(services.get(moved).rtoMillis()).isPositive();
        assertThat(services.get(moved).rpoMillis()).as("a planned move loses nothing").isZero();
        assertPrimary(region, moved, "site-b");
      }
      assertThat(services.get("orders").status()).isEqualTo(RegionServiceStatus.FAILED);
      assertThat(services.get("orders").detail()).isNotBlank();
      assertPrimary(region, "orders", "site-a");
      // payments waited for ledger and for the approval: its RTO counts from the plan's start.
      assertThat(services.get("payments").rtoMillis())
          .isGreaterThan(services.get("ledger").rtoMillis());
      assertThat(result.planRtoMillis()).isEqualTo(services.get("payments").rtoMillis());
      assertThat(result.notes()).anyMatch(n -> n.contains("approved by alice"));
      System.out.printf(
          "region plan: plan RTO %d ms; ledger %d ms, payments %d ms (approval included)%n",
          result.planRtoMillis(),
          services.get("ledger").rtoMillis(),
          services.get("payments").rtoMillis());
    }
  }

  private static RegionProgress awaitApprovalOfGroup2(RegionFailoverWorkflow plan)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      RegionProgress progress = plan.progress();
      if ("group-2".equals(progress.waitingForApproval())) {
        return progress;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the plan never asked for group 2's approval: " + plan.progress());
  }

  private static RegionServiceStatus status(RegionProgress progress, String service) {
    return progress.services().stream()
        .filter(s -> s.service().equals(service))
        .findFirst()
        .orElseThrow()
        .status();
  }

  static void assertPrimary(RegionLabs region, String service, String site) throws Exception {
    try (Connection db = region.lab(service).jdbc(site)) {
      ResultSet role = db.createStatement().executeQuery("SELECT pg_is_in_recovery()");
      role.next();
      assertThat(role.getBoolean(1)).as(service + " at " + site + " takes writes").isFalse();
    }
  }
}
