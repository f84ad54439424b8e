package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.standby.model.approval.Approval;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator steers a failback by signal on the lab: approves its 25% step, pauses it there (the
 * bake stays open past its 3 s), resumes, then aborts it, and the weights step back down to where
 * the failback found them.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FailbackSignalsIT {
  private static final long BAKE_MILLIS = 3_000;

  @RegisterExtension
  static final LabWorldExtension lab = LabWorldExtension.withWorker("failback-signals");

  @Test
  void anApprovedPausedResumedAndAbortedFailbackEndsWhereItStarted() throws Exception {
    LabWorld world = lab.get();
    world
        .client
        .newWorkflowStub(FailoverWorkflow.class, world.options(WorkflowIds.failover("payments")))
        .failover(
            FailoverRequest.planned("payments", "site-b", "before the failback signals test"));
    FailbackWorkflow failback =
        world.client.newWorkflowStub(
            FailbackWorkflow.class, world.options(WorkflowIds.failback("payments")));
    WorkflowClient.start(
        failback::failback,
        new FailbackRequest(
            "payments",
            null,
            null,
            null,
            List.of(25),
            null,
            "failback signals test",
            "e2e-operator",
            null));

    awaitProgress(
        failback,
        p ->
            "AWAITING_APPROVAL".equals(p.state())
                && Integer.valueOf(25).equals(p.awaitingApprovalAt()));
    failback.approve(
        new Approval("shift-25%", "e2e-operator", System.currentTimeMillis(), "site-a looks good"));
    awaitProgress(failback, p -> "shift-25%".equals(p.currentStep()));
    failback.pause();
    awaitProgress(failback, p -> "PAUSED".equals(p.state()));
    long pausedAt = System.currentTimeMillis();
    // Held paused for longer than a bake, the step stays where it is the whole time (checked
    // throughout, not once).
    await("a paused bake does not end")
        .during(Duration.ofMillis(BAKE_MILLIS + 1_000))
        .atMost(Duration.ofMillis(BAKE_MILLIS + 30_000))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> failback.progress().currentStep(), "shift-25%"::equals);
    failback.resume();
    failback.abort();
    FailbackResult result =
        WorkflowStub.fromTyped(failback).getResult(90, TimeUnit.SECONDS, FailbackResult.class);
    world.saveHistory(WorkflowIds.failback("payments"), "failback-approved-paused-aborted");

    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.ABORTED);
    assertThat(result.switchover()).as("the database never moved").isNull();
    assertThat(result.weights()).containsEntry("site-a", 0).containsEntry("site-b", 100);
    List<StepMeasurement> steps = result.measurements();
    assertThat(steps)
        .extracting(m -> m.phase() + " " + m.targetPercent())
        .containsExactly("shift 10", "shift 25", "abort 10", "abort 0");
    assertThat(steps.get(1).endedAtMillis())
        .as("the 25%% bake ran past the pause")
        .isGreaterThan(pausedAt + BAKE_MILLIS);
    assertThat(result.steps())
        .anySatisfy(s -> assertThat(s.detail()).contains("approved by e2e-operator"));
  }

  private static FailbackProgress awaitProgress(
      FailbackWorkflow failback, Predicate<FailbackProgress> condition) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(failback::progress, condition);
  }
}
