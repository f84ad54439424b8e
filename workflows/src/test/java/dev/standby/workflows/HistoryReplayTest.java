package dev.standby.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.standby.activities.TrafficActivities;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.workflows.failover.FailoverWorkflowImpl;
import dev.standby.workflows.registry.StandbyWorkflows;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays histories recorded from real runs against the lab through today's workflow code,
 * registered as the worker registers it. A change that would break runs already in flight fails
 * here, not in production: such a change needs {@code Workflow.getVersion}. Where each history came
 * from: histories/README.md.
 */
class HistoryReplayTest {
  /**
   * Every file under histories/ is replayed; one that goes missing must be noticed, so the count is
   * exact.
   */
  private static final int RECORDED_HISTORIES = 32;

  /**
   * The first workflow tasks of a JVM load the workflow classes and the cloud SDKs beside them; on
   * a busy machine that can take longer than the default second of the deadlock detector, which is
   * not a determinism problem.
   */
  private static final long REPLAY_DEADLOCK_TIMEOUT_MILLIS = 30_000;

  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
  }

  static Stream<Path> histories() throws IOException, URISyntaxException {
    Path folder = Path.of(HistoryReplayTest.class.getResource("/histories").toURI());
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files)
        .as("recorded histories under src/test/resources/histories")
        .hasSize(RECORDED_HISTORIES);
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void todaysCodeReplaysARecordedRun(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        read(history), worker(StandbyWorkflows.implementations()));
  }

  /**
   * Proves the replay can fail: a failover that reads the weights first diverges from a recorded
   * run.
   */
  @Test
  void anIncompatibleChangeIsCaught() throws Exception {
    WorkflowExecutionHistory recorded =
        read(
            histories()
                .filter(p -> p.getFileName().toString().equals("failover-planned.json"))
                .findFirst()
                .orElseThrow());

    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(recorded, worker(ReorderedFailover.class)))
        .hasStackTraceContaining("NonDeterministicException")
        .hasStackTraceContaining("TrafficWeights");
  }

  private Worker worker(Class<?>... workflows) {
    Worker worker =
        env.newWorker(
            "replay-" + workflows[0].getSimpleName(),
            WorkerOptions.newBuilder()
                .setDefaultDeadlockDetectionTimeout(REPLAY_DEADLOCK_TIMEOUT_MILLIS)
                .build());
    worker.registerWorkflowImplementationTypes(
        StandbyActivityOptions.workflowImplementationOptions(), workflows);
    return worker;
  }

  private static WorkflowExecutionHistory read(Path file) throws IOException {
    return WorkflowExecutionHistory.fromJson(Files.readString(file));
  }

  /** Today's failover with one more activity in front, as a careless edit might add. */
  public static class ReorderedFailover extends FailoverWorkflowImpl {
    private final TrafficActivities traffic = Workflow.newActivityStub(TrafficActivities.class);

    @Override
    public FailoverResult failover(FailoverRequest request) {
      traffic.weights(request.service());
      return super.failover(request);
    }
  }
}
