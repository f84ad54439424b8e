package dev.standby.workflows.objectsync;

import static dev.standby.workflows.TestFixtures.mockActivity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.standby.activities.ObjectSyncActivities;
import dev.standby.model.FailureType;
import dev.standby.model.objectsync.ObjectSyncProgress;
import dev.standby.model.objectsync.ObjectSyncRequest;
import dev.standby.model.objectsync.ObjectSyncResult;
import dev.standby.model.objectsync.StoreSpec;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ObjectSyncWorkflowTest {
  private static final StoreSpec SOURCE = StoreSpec.s3("orders", "us-east-1", null);
  private static final StoreSpec TARGET = StoreSpec.gcs("orders-replica", "dr", null);

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(), ObjectSyncWorkflowImpl.class)
          .build();

  private final ObjectSyncActivities activities = mockActivity(ObjectSyncActivities.class);
  private TestWorkflowEnvironment env;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker) {
    this.env = env;
    worker.registerActivitiesImplementations(activities);
    env.start();
  }

  private ObjectSyncWorkflow stub(WorkflowClient client, Worker worker, String name) {
    return client.newWorkflowStub(
        ObjectSyncWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.objectSync(name))
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  private static ObjectSyncRequest request(
      String name, Long intervalSeconds, Integer maxPassesPerRun) {
    return new ObjectSyncRequest(
        name, SOURCE, TARGET, "", true, 8, intervalSeconds, maxPassesPerRun, null);
  }

  /**
   * A pass that copied 2 objects (300 bytes), skipped 5 (500 bytes), started now in workflow time.
   */
  private void passesSucceed() {
    when(activities.syncPass(any()))
        .thenAnswer(
            inv ->
                new ObjectSyncResult(
                    2,
                    300,
                    5,
                    500,
                    0,
                    1,
                    List.of(),
                    env.currentTimeMillis(),
                    env.currentTimeMillis(),
                    null));
  }

  @Test
  void onePassReturnsItsCountsAndTheRpoAtItsEnd(WorkflowClient client, Worker worker) {
    passesSucceed();
    ObjectSyncProgress done = stub(client, worker, "orders").sync(request("orders", null, null));
    assertThat(done.state()).isEqualTo("done");
    assertThat(done.passes()).isEqualTo(1);
    assertThat(done.copied()).isEqualTo(2);
    assertThat(done.bytesCopied()).isEqualTo(300);
    assertThat(done.skipped()).isEqualTo(5);
    assertThat(done.deleted()).isEqualTo(1);
    assertThat(done.rpoSeconds()).isNotNull().isLessThan(5);
  }

  @Test
  void aContinuousSyncPassesOnItsTimerReportsAGrowingRpoAndStopsOnSignal(
      WorkflowClient client, Worker worker) {
    passesSucceed();
    ObjectSyncWorkflow sync = stub(client, worker, "orders");
    long t0 = env.currentTimeMillis();
    WorkflowExecution run = WorkflowClient.start(sync::sync, request("orders", 60L, null));

    env.sleep(Duration.ofSeconds(150)); // passes at 0, 60 and 120 s
    ObjectSyncProgress progress = sync.progress();
    assertThat(progress.passes()).isEqualTo(3);
    assertThat(progress.copied()).isEqualTo(6);
    // The last pass began at 120 s: anything changed since may be unreplicated. A query sees
    // workflow time as
    // of the last event (the pass's end), so the live age is now minus the anchor (what the
    // worker's gauge shows).
    assertThat(progress.rpoAnchorMillis() - t0).isBetween(119_000L, 122_000L);
    assertThat(progress.rpoSeconds()).isBetween(0L, 2L);

    sync.stop();
    ObjectSyncProgress stopped = WorkflowStub.fromTyped(sync).getResult(ObjectSyncProgress.class);
    assertThat(stopped.state()).isEqualTo("stopped");
    assertThat(stopped.passes()).isEqualTo(3);
    assertThat(run.getWorkflowId()).isEqualTo("object-sync/orders");
  }

  @Test
  void aLongSyncContinuesAsNewAndKeepsItsTotals(WorkflowClient client, Worker worker) {
    passesSucceed();
    ObjectSyncWorkflow sync = stub(client, worker, "orders");
    WorkflowExecution first = WorkflowClient.start(sync::sync, request("orders", 10L, 2));

    env.sleep(Duration.ofSeconds(45)); // passes at 0, 10 | new run: 20, 30 | new run: 40
    ObjectSyncProgress progress = sync.progress();
    assertThat(progress.passes()).isEqualTo(5);
    assertThat(progress.copied()).isEqualTo(10);
    assertThat(
            client
                .fetchHistory("object-sync/orders", first.getRunId())
                .getLastEvent()
                .getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    sync.stop();
  }

  @Test
  void aFailedPassInAContinuousSyncIsReportedAndTheRpoKeepsGrowing(
      WorkflowClient client, Worker worker) {
    AtomicInteger calls = new AtomicInteger();
    when(activities.syncPass(any()))
        .thenAnswer(
            inv -> {
              if (calls.incrementAndGet() == 2) {
                throw ApplicationFailure.newNonRetryableFailure(
                    "s3://orders: connection refused", "STORE_UNREACHABLE");
              }
              return new ObjectSyncResult(
                  1,
                  10,
                  0,
                  0,
                  0,
                  0,
                  List.of(),
                  env.currentTimeMillis(),
                  env.currentTimeMillis(),
                  null);
            });
    ObjectSyncWorkflow sync = stub(client, worker, "orders");
    long t0 = env.currentTimeMillis();
    WorkflowClient.start(sync::sync, request("orders", 60L, null));

    env.sleep(Duration.ofSeconds(90)); // pass 1 at 0 s good, pass 2 at 60 s failed
    ObjectSyncProgress progress = sync.progress();
    assertThat(progress.passes()).isEqualTo(2);
    assertThat(progress.lastError()).contains("connection refused");
    assertThat(progress.rpoAnchorMillis() - t0).isBetween(0L, 2_000L); // still the good pass at 0 s
    assertThat(progress.rpoSeconds()).isBetween(58L, 62L); // as of the failed pass, 60 s later

    env.sleep(Duration.ofSeconds(60)); // pass 3 at 120 s succeeds
    assertThat(sync.progress().lastError()).isNull();
    assertThat(sync.progress().rpoAnchorMillis() - t0).isBetween(119_000L, 122_000L);
    sync.stop();
  }

  @Test
  void aBadRequestFailsAtOnceSayingWhatIsWrongAndCopiesNothing(
      WorkflowClient client, Worker worker) {
    ObjectSyncRequest bad =
        new ObjectSyncRequest(
            "Orders!",
            new StoreSpec("ftp", "x", null, null, null, null, null, null, null),
            StoreSpec.azure("replica", null),
            "",
            false,
            500,
            null,
            null,
            null);
    assertThatThrownBy(() -> stub(client, worker, "bad").sync(bad))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(
            e ->
                assertThat(((ApplicationFailure) e).getType())
                    .isEqualTo(FailureType.INVALID_INPUT.type()))
        .hasMessageContaining("name: 'Orders!'")
        .hasMessageContaining("source.provider: 'ftp'")
        .hasMessageContaining("target.connectionStringEnv")
        .hasMessageContaining("parallelism: 500");
    verify(activities, never()).syncPass(any());
  }
}
