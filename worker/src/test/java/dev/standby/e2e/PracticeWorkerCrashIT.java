package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.drill.DrillWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The worker running a practice failover is SIGKILLed while the clone is being made or the isolated
 * app started; another worker takes the drill over, finds what the first made by its key, and the
 * drill ends with nothing left on the lab.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PracticeWorkerCrashIT {
  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withoutWorker("practice-crash");

  @Test
  void aPracticeWhoseWorkerIsKilledIsFinishedByAnotherAndLeavesNothing() throws Exception {
    Path topology = world.get().lab.topologyPath();
    WorkerProcess first =
        WorkerProcess.start(topology, WorkerProcess.logFile("practice-crash-first").toPath());
    WorkerProcess second = null;
    try {
      DrillWorkflow drill =
          world
              .get()
              .client
              .newWorkflowStub(
                  DrillWorkflow.class, world.get().options(WorkflowIds.drill("payments")));
      WorkflowClient.start(drill::drill, DrillRequest.practice("payments"));
      Path practice = world.get().lab.dir().resolve("practice");
      Awaitility.await("the practice has begun its clone")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> Files.isDirectory(practice) && Files.list(practice).findAny().isPresent());
      first.kill();
      second =
          WorkerProcess.start(topology, WorkerProcess.logFile("practice-crash-second").toPath());
      DrillResult result =
          WorkflowStub.fromTyped(drill).getResult(5, TimeUnit.MINUTES, DrillResult.class);
      assertThat(result.steps())
          .anySatisfy(s -> assertThat(s.name()).isEqualTo("remove-clone"))
          .anySatisfy(s -> assertThat(s.name()).isEqualTo("stop-isolated-app"));
      assertThat(result.practice().removed()).isNotEmpty();
      assertThat(result.practice().weightsAfter()).isEqualTo(result.practice().weightsBefore());
      PracticeLeftovers.assertNothingLeft(world.get().lab);
      System.out.printf(
          "practice after a worker SIGKILL: %s, reasons %s, removed %s%n",
          result.outcome(), result.reasons(), result.practice().removed());
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }
}
