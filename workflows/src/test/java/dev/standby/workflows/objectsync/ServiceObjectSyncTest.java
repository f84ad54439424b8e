package dev.standby.workflows.objectsync;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static dev.standby.workflows.TestFixtures.mockActivity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.standby.activities.ObjectSyncActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.model.FailureType;
import dev.standby.model.objectsync.ObjectSyncProgress;
import dev.standby.model.objectsync.ObjectSyncRequest;
import dev.standby.model.objectsync.ObjectSyncResult;
import dev.standby.model.objectsync.StoreSpec;
import dev.standby.model.service.ServiceState;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A service's object sync: each pass copies from the store of the primary the service's state names
 * then, into every other site's (a backup-only site's too).
 */
@Timeout(60)
class ServiceObjectSyncTest {
  static final StoreSpec AWS = StoreSpec.s3("pay-objects", "us-east-1", null);
  static final StoreSpec GCP = StoreSpec.gcs("pay-objects", "acme-dr", null);
  static final StoreSpec AZURE = StoreSpec.azure("pay-objects", "AZURE_BLOB");

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(), ObjectSyncWorkflowImpl.class)
          .build();

  private final ObjectSyncActivities sync = mockActivity(ObjectSyncActivities.class);
  private final TopologyActivities topology = mockActivity(TopologyActivities.class);
  private final ServiceActivities service = mockActivity(ServiceActivities.class);
  private final AtomicReference<String> primary = new AtomicReference<>("aws");
  private final List<ObjectSyncRequest> passes = Collections.synchronizedList(new ArrayList<>());
  private TestWorkflowEnvironment env;
  private String taskQueue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker) {
    this.env = env;
    Map<String, StoreSpec> stores = new LinkedHashMap<>();
    stores.put("aws", AWS);
    stores.put("gcp", GCP);
    stores.put("azure", AZURE);
    when(topology.describeObjectStores(SERVICE)).thenReturn(stores);
    when(service.current(SERVICE))
        .thenAnswer(
            i ->
                ServiceState.initial(
                    SERVICE, primary.get(), List.of("aws", "gcp", "azure"), List.of("azure")));
    when(sync.syncPass(any()))
        .thenAnswer(
            i -> {
              passes.add(i.getArgument(0));
              return new ObjectSyncResult(
                  1,
                  10,
                  2,
                  20,
                  0,
                  0,
                  List.of(),
                  env.currentTimeMillis(),
                  env.currentTimeMillis(),
                  null);
            });
    worker.registerActivitiesImplementations(sync, topology, service);
    taskQueue = worker.getTaskQueue();
    env.start();
  }

  private ObjectSyncWorkflow stub(WorkflowClient client) {
    return client.newWorkflowStub(
        ObjectSyncWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.objectSync("payments-objects"))
            .setTaskQueue(taskQueue)
            .build());
  }

  /** The passes so far as "from → into" by store, in the order the sites are listed. */
  private List<String> directions() {
    synchronized (passes) {
      return passes.stream()
          .map(p -> p.source().describe() + " -> " + p.target().describe() + " as " + p.name())
          .sorted()
          .toList();
    }
  }

  @Test
  void afterAFailoverTheNextPassCopiesFromTheNewPrimarysStoreIntoEveryOtherSite(
      WorkflowClient client) {
    ObjectSyncWorkflow workflow = stub(client);
    WorkflowClient.start(
        workflow::sync, ObjectSyncRequest.ofService("payments-objects", SERVICE, "", false, 60L));

    env.sleep(Duration.ofSeconds(30)); // the first pass, at 0 s, with aws the primary
    assertThat(directions())
        .containsExactly(
            "s3://pay-objects -> azure://pay-objects as payments-objects.azure",
            "s3://pay-objects -> gcs://pay-objects as payments-objects.gcp");
    assertThat(workflow.progress().from()).isEqualTo("aws");

    primary.set("gcp"); // a failover: the service's state now names gcp
    passes.clear();
    env.sleep(Duration.ofSeconds(60)); // the second pass, at 60 s
    assertThat(directions())
        .containsExactly(
            "gcs://pay-objects -> azure://pay-objects as payments-objects.azure",
            "gcs://pay-objects -> s3://pay-objects as payments-objects.aws");
    ObjectSyncProgress progress = workflow.progress();
    assertThat(progress.from()).isEqualTo("gcp");
    assertThat(progress.passes()).isEqualTo(2);
    assertThat(progress.copied()).as("two sites a pass, one object each").isEqualTo(4);

    workflow.stop();
    assertThat(WorkflowStub.fromTyped(workflow).getResult(ObjectSyncProgress.class).state())
        .isEqualTo("stopped");
  }

  @Test
  void aPrimaryWithoutAStoreFailsTheSyncNamingItAndCopiesNothing(WorkflowClient client) {
    primary.set("site-x");

    assertThatThrownBy(
            () ->
                stub(client)
                    .sync(ObjectSyncRequest.ofService("payments-objects", SERVICE, "", false, 60L)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(
            e ->
                assertThat(((ApplicationFailure) e).getType())
                    .isEqualTo(FailureType.INVALID_INPUT.type()))
        .hasMessageContaining(
            "payments's primary site-x has no object store (sites.site-x.objects); the service's"
                + " stores: [aws, gcp, azure]");
    verify(sync, never()).syncPass(any());
  }

  @Test
  void aServiceSyncThatAlsoNamesStoresIsRefusedBeforeAnythingIsRead(WorkflowClient client) {
    ObjectSyncRequest both =
        new ObjectSyncRequest(
            "payments-objects", AWS, GCP, "", false, null, null, null, null, SERVICE);

    assertThatThrownBy(() -> stub(client).sync(both))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("source, target: leave them out with 'service'");
    verify(topology, never()).describeObjectStores(any());
    verify(sync, never()).syncPass(any());
  }
}
