package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.practice.PracticeReport;
import dev.standby.model.service.ServiceState;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.drill.DrillWorkflow;
import dev.standby.workflows.service.ServiceWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Practice failovers on the lab while writers run through the front door: one passes with
 * production unchanged (weights, the replica streaming within the RPO, no front-door error, p95
 * within 20%, or 30 ms, of the minute before) and leaves nothing behind; one canceled in the middle
 * cleans up too. A practice moves nothing, so both share one lab.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PracticeFailoverIT {
  private static Path reports;

  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withoutWorker("practice-failover");

  @BeforeAll
  static void worker() throws Exception {
    reports =
        Files.createDirectories(
            Path.of("target", "drill-reports", "practice-failover-it").toAbsolutePath());
    world.get().withWorker(reports);
  }

  private DrillWorkflow start(String id) {
    DrillWorkflow drill =
        world.get().client.newWorkflowStub(DrillWorkflow.class, world.get().options(id));
    WorkflowClient.start(drill::drill, DrillRequest.practice("payments"));
    return drill;
  }

  @Test
  void aPracticeFailoverPassesWhileProductionNoticesNothingAndLeavesNothing() throws Exception {
    Map<String, Long> pidsBefore = world.get().lab.pids();
    OrderLoad writers = OrderLoad.start(world.get().lab.frontDoorUrl(), 2);
    DrillResult result;
    try {
      writers.awaitAcks("before the practice", a -> true, 20);
      DrillWorkflow drill = start(WorkflowIds.drill("payments"));
      result = WorkflowStub.fromTyped(drill).getResult(5, TimeUnit.MINUTES, DrillResult.class);
      world.get().saveHistory(result.workflowId(), "drill-practice");
    } finally {
      writers.stop();
    }

    assertThat(result.outcome())
        .as("reasons: %s; steps: %s", result.reasons(), result.steps())
        .isEqualTo(DrillResult.Outcome.PASSED);
    PracticeReport p = result.practice();
    assertThat(p.productionUnchanged()).as("production: %s", p.production()).isTrue();
    assertThat(p.during().errors()).isZero();
    assertThat(p.during().acknowledged()).isPositive();
    // The drill's own rule: within 20% of the baseline's p95, or within its 30 ms noise floor.
    assertThat(p.during().p95Millis())
        .isLessThanOrEqualTo(
            Math.max(
                p.baseline().p95Millis() * 1.2,
                p.baseline().p95Millis()
                    + dev.standby.model.practice.PracticeSpec.P95_NOISE_FLOOR_MILLIS));
    assertThat(p.during().acknowledgedBySite()).containsOnlyKeys("site-a");
    assertThat(p.weightsAfter()).isEqualTo(p.weightsBefore()).containsEntry("site-a", 100);
    assertThat(p.replicaAfter()).contains("site-b streaming from site-a");
    assertThat(p.serving().served()).isEqualTo(p.serving().requests());
    assertThat(p.wouldBeRtoMillis()).isPositive().isLessThan(result.objectives().rtoMillis());
    assertThat(p.dataAgeMillis()).isNotNull().isLessThan(result.objectives().rpoMillis());
    assertThat(result.checks()).isNotEmpty().allMatch(c -> c.passed());
    assertThat(p.created()).anyMatch(c -> c.startsWith("PostgreSQL clone server"));
    assertThat(p.created()).anyMatch(c -> c.startsWith("isolated app"));
    assertThat(p.removed()).anyMatch(c -> c.startsWith("stopped the PostgreSQL clone"));
    assertThat(p.removed()).anyMatch(c -> c.startsWith("stopped the isolated app"));
    int appPort = URI.create(p.app().url()).getPort();
    assertThat(listening(appPort)).as("isolated app port %s", appPort).isFalse();
    assertThat(listening(p.database().port())).as("clone port").isFalse();
    PracticeLeftovers.assertNothingLeft(world.get().lab);
    assertThat(world.get().lab.pids()).as("the lab's own processes").isEqualTo(pidsBefore);
    assertThat(world.get().lab.status()).contains("site-b: database replica");

    // The report goes where drill reports go, with the practice's own section.
    Path folder = Path.of(result.reportLocation());
    assertThat(Files.readString(folder.resolve("report.md"))).contains("## Practice failover");
    assertThat(Files.readString(folder.resolve("report.html")))
        .contains("Practice failover", "<svg class=\"timeline\"");
    assertThat(Files.readString(folder.resolve("report.json"))).contains("\"wouldBeRtoMillis\"");

    // The service watched all along and is still protected, its history keeps the practice.
    ServiceState state =
        world
            .get()
            .client
            .newWorkflowStub(ServiceWorkflow.class, WorkflowIds.service("payments"))
            .state();
    assertThat(state.primarySite()).isEqualTo("site-a");
    assertThat(state.history()).anyMatch(e -> "PRACTICE".equals(e.subtype()));
    System.out.printf(
        "practice failover: %d ms in all, would-be RTO %d ms, data age %d ms, front door p95 %.1f ->"
            + " %.1f ms, %d writes, 0 errors%n",
        result.completedAtMillis() - result.startedAtMillis(),
        p.wouldBeRtoMillis(),
        p.dataAgeMillis(),
        p.baseline().p95Millis(),
        p.during().p95Millis(),
        p.during().acknowledged());
  }

  @Test
  void aPracticeCanceledInTheMiddleRemovesItsCloneAndApp() throws Exception {
    DrillWorkflow drill = start(WorkflowIds.drill("payments") + "-canceled");
    Awaitility.await("the practice has started its isolated app")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              String step = drill.progress().currentStep();
              return "serve-isolated".equals(step) || "integration-checks".equals(step);
            });
    WorkflowStub.fromTyped(drill).cancel();
    assertThatThrownBy(
            () -> WorkflowStub.fromTyped(drill).getResult(2, TimeUnit.MINUTES, DrillResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    var steps = drill.progress().timeline();
    assertThat(steps)
        .anySatisfy(s -> assertThat(s.name()).isEqualTo("remove-clone"))
        .anySatisfy(s -> assertThat(s.name()).isEqualTo("stop-isolated-app"));
    PracticeLeftovers.assertNothingLeft(world.get().lab);
  }

  static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
