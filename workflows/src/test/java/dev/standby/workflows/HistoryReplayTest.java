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
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays histories recorded from real runs against the lab through today's workflow code, registered
 * as the worker registers it. A change that would break runs already in flight fails here, not in
 * production: such a change needs {@code Workflow.getVersion}.
 *
 * <p>The histories were recorded with {@code bin/demo} (the monitor and the unplanned failover; monitor-on-a-fixed-grid.json after the probe grid came in) and with
 * {@code temporal workflow execute} against the lab (a planned failover and one of an unknown service),
 * then exported with {@code temporal workflow show --workflow-id ID --output json}. The failbacks were recorded
 * on the demo's lab after {@code bin/demo}: the demo's own (after the unplanned failover), one where site-a's
 * health failed at 50% and the weights stepped back down, and one approved, paused, resumed and aborted by signals.
 * The drills (drill-*.json) were recorded by ChaosDrillIT against its lab (the client's fetchHistory, the same JSON the
 * CLI prints): a chaos kill-db drill with its failback, one a stop condition ended, and a simulated one that missed its RTO.
 * The approval histories (a failover approved from Slack, one escalated to level 2 by its timer and then approved,
 * and a failback whose 50% step was approved through the ApprovalGate) were exported from SlackApprovalIT's lab
 * with {@code WorkflowClient.fetchHistory(id).toJson(true)}: they carry the version markers of the comms, topology
 * approval levels and re-checks.
 * The backup and restore verifications were recorded with {@code temporal workflow execute} against a lab with the
 * cloud emulators and a backup block (local, S3, GCS, Azure): a backup, the newest backup proved, and a restore
 * asked to start from a local copy corrupted by hand, which fell back to S3.
 * object-sync-continuous-stopped.json: a continuous S3 (moto) to GCS (fake-gcs-server) sync on the lab with clouds,
 * started with {@code temporal workflow start}, six passes on a 3 s timer, then the {@code stop} signal.
 */
class HistoryReplayTest {
  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
  }

  /**
   * Loads the classes a replay needs once, before any test: with the cloud SDKs on the classpath, the first class
   * lookups of a JVM on a busy machine can take over a second, which the deadlock detector charges to whichever
   * workflow task runs first.
   */
  @BeforeAll
  static void warmUp() throws Exception {
    try (TestWorkflowEnvironment warm = TestWorkflowEnvironment.newInstance()) {
      Worker worker = warm.newWorker("replay-warm-up");
      worker.registerWorkflowImplementationTypes(StandbyActivityOptions.workflowImplementationOptions(),
          StandbyWorkflows.implementations());
      for (int attempt = 0; ; attempt++) {
        try {
          WorkflowReplayer.replayWorkflowExecution(read(histories()
              .filter(p -> p.getFileName().toString().equals("failover-planned.json")).findFirst().orElseThrow()), worker);
          return;
        } catch (Exception | Error slowStart) {
          if (attempt >= 2) {
            return; // the tests themselves report what is wrong
          }
        }
      }
    }
  }

  static Stream<Path> histories() throws IOException, URISyntaxException {
    Path folder = Path.of(HistoryReplayTest.class.getResource("/histories").toURI());
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).as("recorded histories under src/test/resources/histories").hasSizeGreaterThanOrEqualTo(4);
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void todaysCodeReplaysARecordedRun(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(read(history),
        worker(StandbyWorkflows.implementations()));
  }

  /** Proves the replay can fail: a failover that reads the weights first diverges from a recorded run. */
  @Test
  void anIncompatibleChangeIsCaught() throws Exception {
    WorkflowExecutionHistory planned = read(histories()
        .filter(p -> p.getFileName().toString().equals("failover-planned.json")).findFirst().orElseThrow());

    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(planned, worker(ReorderedFailover.class)))
        .hasStackTraceContaining("NonDeterministicException")
        .hasStackTraceContaining("TrafficWeights");
  }

  private Worker worker(Class<?>... workflows) {
    Worker worker = env.newWorker("replay-" + workflows[0].getSimpleName());
    worker.registerWorkflowImplementationTypes(StandbyActivityOptions.workflowImplementationOptions(), workflows);
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
