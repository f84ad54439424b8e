package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.failback.FailbackProgress;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failback.StepMeasurement;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failback.FailbackWorkflow;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Site-a turns sick (its health endpoint fails) once the failback gives it half the traffic: the
 * gate fails and the workflow steps back down by itself, 50 to 25 to 10 to 0, one bake per step,
 * measured from real orders.
 */
// A whole drive of the lab (failovers, drills, restarts): minutes, not the unit tests' default 120
// s.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FailbackRollbackIT {
  private static final Logger log = LoggerFactory.getLogger(FailbackRollbackIT.class);

  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withWorker("failback-rollback");

  @Test
  void aSiteThatTurnsSickAtFiftyPercentIsSteppedBackDownByItself() throws Exception {
    FailbackResult result;
    OrderLoad load = OrderLoad.start(world.get().lab.frontDoorUrl(), 4);
    long sickAt;
    try {
      load.awaitAcks("before the failover", a -> true, 20);
      world
          .get()
          .client
          .newWorkflowStub(
              FailoverWorkflow.class, world.get().options(WorkflowIds.failover("payments")))
          .failover(FailoverRequest.planned("payments", "site-b", "before the failback test"));
      FailbackWorkflow failback =
          world
              .get()
              .client
              .newWorkflowStub(
                  FailbackWorkflow.class, world.get().options(WorkflowIds.failback("payments")));
      WorkflowClient.start(
          failback::failback, FailbackRequest.of("payments", "failback rollback test"));
      awaitStep(failback, "shift-50%");
      long at50 = System.currentTimeMillis();
      load.awaitAcks(
          "at 50%, before site-a turns sick",
          a -> a.sentAtMillis() > at50 + MeasuredSplit.SETTLE_MILLIS, 40);
      sickAt = System.currentTimeMillis();
      fault("site-a", "{\"health\":\"fail\"}");
      result =
          WorkflowStub.fromTyped(failback).getResult(120, TimeUnit.SECONDS, FailbackResult.class);
      List<StepMeasurement> measured = result.measurements();
      long back = measured.get(measured.size() - 1).weightsSetAtMillis();
      load.awaitAcks(
          "sent once all traffic is back on site-b",
          a -> a.sentAtMillis() > back + MeasuredSplit.SETTLE_MILLIS,
          20);
    } finally {
      load.stop();
    }

    world.get().saveHistory(WorkflowIds.failback("payments"), "failback-rolled-back-at-50");
    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.ROLLED_BACK);
    assertThat(result.gateFailure()).startsWith("50%: site-a is not healthy");
    List<StepMeasurement> steps = result.measurements();
    assertThat(steps)
        .extracting(m -> m.phase() + " " + m.targetPercent())
        .containsExactly(
            "shift 10", "shift 25", "shift 50", "step-down 25", "step-down 10", "step-down 0");
    for (StepMeasurement step : steps.subList(0, 5)) {
      MeasuredSplit split = MeasuredSplit.of(step, load.acks());
      log.info("MEASURED {}", split);
      assertThat(split.percent("site-a"))
          .as("site-a's share at %d%%: %s", step.targetPercent(), split)
          .isBetween(step.targetPercent() - 5.0, step.targetPercent() + 5.0);
    }
    for (StepMeasurement down : steps.subList(3, 5)) {
      assertThat(down.endedAtMillis() - down.weightsSetAtMillis())
          .as("a bake on the way down at %d%%", down.targetPercent())
          .isGreaterThanOrEqualTo(3_000);
    }
    assertThat(steps.get(2).endedAtMillis())
        .as("the gate failed after the fault")
        .isGreaterThanOrEqualTo(sickAt);
    long home = steps.get(5).weightsSetAtMillis();
    assertThat(load.acks())
        .filteredOn(a -> a.sentAtMillis() > home + MeasuredSplit.SETTLE_MILLIS)
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.site()).isEqualTo("site-b"));
    try (Connection siteB = world.get().lab.jdbc("site-b");
        Connection siteA = world.get().lab.jdbc("site-a")) {
      assertThat(load.missingFrom(siteB))
          .as("acknowledged orders missing on site-b, still the primary")
          .isEmpty();
      assertThat(FailbackIT.inRecovery(siteB)).isFalse();
      assertThat(FailbackIT.inRecovery(siteA))
          .as("site-a stays a replica, ready for the next try")
          .isTrue();
    }
  }

  private static void fault(String site, String json) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(world.get().lab.appUrl(site) + "/admin/fault"))
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
  }

  private static FailbackProgress awaitStep(FailbackWorkflow failback, String step) {
    // Exceptions are ignored: the query fails until the first workflow task has run.
    return Awaitility.await("the failback reaches " + step)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(failback::progress, progress -> step.equals(progress.currentStep()));
  }
}
