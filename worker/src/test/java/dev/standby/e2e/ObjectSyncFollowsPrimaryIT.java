package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.standby.activities.impl.ObjectStores;
import dev.standby.lab.Emulator;
import dev.standby.lab.Lab;
import dev.standby.lab.SharedCloudEmulators;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.objectsync.ObjectSyncProgress;
import dev.standby.model.objectsync.ObjectSyncRequest;
import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectWriter;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import dev.standby.workflows.objectsync.ObjectSyncWorkflow;
import dev.standby.workflows.service.ServiceWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lab's two sites each with an object store in an emulated cloud (site-a: S3 on moto, site-b:
 * GCS on fake-gcs-server). The service's continuous object sync copies site-a's store into
 * site-b's; after a planned failover to site-b the next passes copy site-b's into site-a's, and
 * nothing written to site-a's any more reaches site-b's.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ObjectSyncFollowsPrimaryIT {
  @RegisterExtension
  static final SharedCloudEmulators clouds = SharedCloudEmulators.of(Emulator.MOTO, Emulator.GCS);

  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withoutWorker("object-sync-primary");

  private static ObjectStores stores;
  private static ObjectStore siteA;
  private static ObjectStore siteB;

  @BeforeAll
  static void start() throws Exception {
    Lab lab = world.get().lab;
    String s3 =
        "        objects: {provider: s3, bucket: pay-objects-a, region: "
            + clouds.awsRegion()
            + ", endpoint: \""
            + clouds.awsEndpoint()
            + "\", accessKeyEnv: AWS_KEY, secretKeyEnv: AWS_SECRET}\n";
    String gcs =
        "        objects: {provider: gcs, bucket: pay-objects-b, project: "
            + clouds.gcsProject()
            + ", endpoint: \""
            + clouds.gcsEndpoint()
            + "\"}\n";
    String yaml = Files.readString(lab.topologyPath());
    String own =
        yaml.replace("      site-a:\n        app:", "      site-a:\n" + s3 + "        app:")
            .replace("      site-b:\n        app:", "      site-b:\n" + gcs + "        app:");
    assertThat(own).contains("pay-objects-a").contains("pay-objects-b");
    Path file = lab.dir().resolve("topology-with-object-stores.yaml");
    Files.writeString(file, own);
    Topology topology = TopologyLoader.load(file);
    Map<String, String> env =
        Map.of("AWS_KEY", clouds.awsAccessKeyId(), "AWS_SECRET", clouds.awsSecretAccessKey());
    world.get().withWorker(topology, env::get);
    stores = new ObjectStores(env::get);
    siteA = stores.open("site-a", topology.service("payments").site("site-a").objects());
    siteB = stores.open("site-b", topology.service("payments").site("site-b").objects());
    siteA.createIfMissing();
    siteB.createIfMissing();
  }

  @AfterAll
  static void closeStores() {
    if (stores != null) {
      stores.close();
    }
  }

  @Test
  void afterAFailoverTheSyncCopiesFromTheNewPrimarysStore() throws Exception {
    ObjectSyncWorkflow sync =
        world
            .get()
            .client
            .newWorkflowStub(
                ObjectSyncWorkflow.class,
                world.get().options(WorkflowIds.objectSync("payments-objects")));
    WorkflowClient.start(
        sync::sync, ObjectSyncRequest.ofService("payments-objects", "payments", "", false, 1L));
    try {
      put(siteA, "invoices/before-failover.json");
      await("site-a's object copied into site-b's store")
          .atMost(Duration.ofSeconds(60))
          .until(() -> siteB.head("invoices/before-failover.json").isPresent());
      assertThat(sync.progress().from()).isEqualTo("site-a");

      FailoverResult failover =
          world
              .get()
              .client
              .newWorkflowStub(
                  FailoverWorkflow.class, world.get().options(WorkflowIds.failover("payments")))
              .failover(
                  new FailoverRequest(
                      "payments",
                      "site-b",
                      FailoverMode.PLANNED,
                      null,
                      "object sync follows the primary",
                      "it",
                      null));
      assertThat(failover.targetSite()).isEqualTo("site-b");
      ServiceWorkflow service =
          world
              .get()
              .client
              .newWorkflowStub(ServiceWorkflow.class, WorkflowIds.service("payments"));
      await("the service's state names site-b the primary")
          .atMost(Duration.ofSeconds(30))
          .until(() -> "site-b".equals(service.state().primarySite()));

      put(siteB, "invoices/after-failover.json");
      await("site-b's object copied into site-a's store")
          .atMost(Duration.ofSeconds(60))
          .until(() -> siteA.head("invoices/after-failover.json").isPresent());
      assertThat(sync.progress().from()).isEqualTo("site-b");

      // Written to the old primary's store now, it is no source any more: two more passes later it
      // is still only there.
      put(siteA, "invoices/stale-on-site-a.json");
      long passes = sync.progress().passes();
      await("two more passes")
          .atMost(Duration.ofSeconds(60))
          .until(() -> sync.progress().passes() >= passes + 2);
      assertThat(siteB.head("invoices/stale-on-site-a.json")).isEmpty();
      assertThat(sync.progress().lastError()).isNull();
    } finally {
      sync.stop();
    }
    ObjectSyncProgress stopped =
        WorkflowStub.fromTyped(sync).getResult(60, TimeUnit.SECONDS, ObjectSyncProgress.class);
    assertThat(stopped.state()).isEqualTo("stopped");
    assertThat(stopped.copied()).isGreaterThanOrEqualTo(2);
  }

  private static void put(ObjectStore store, String key) {
    ObjectWriter.put(
        store,
        key,
        new ByteArrayInputStream(("{\"key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8)),
        Map.of());
  }
}
