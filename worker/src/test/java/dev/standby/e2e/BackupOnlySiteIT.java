package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.standby.model.FailureType;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three-site lab with site-c declared backupOnly (and still the highest priority, and the most
 * advanced replica): whatever happens to the others, it is never elected, named or given traffic.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BackupOnlySiteIT {
  @RegisterExtension
  static final LabWorldExtension world =
      LabWorldExtension.onThreeSites(
          "backup-only-site",
          w -> w.withWorker(siteCBackupOnly(w), w.lab.dir().resolve("drill-reports")));

  static Topology siteCBackupOnly(LabWorld w) {
    try {
      String yaml = Files.readString(w.lab.topologyPath());
      String marked =
          yaml.replace(
              "      site-c:\n        priority: 80\n",
              "      site-c:\n        priority: 80\n        backupOnly: true\n");
      assertThat(marked).isNotEqualTo(yaml);
      Path file = w.lab.dir().resolve("topology-site-c-backup-only.yaml");
      Files.writeString(file, marked);
      return TopologyLoader.load(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FailoverWorkflow failover() {
    return world
        .get()
        .client
        .newWorkflowStub(
            FailoverWorkflow.class, world.get().options(WorkflowIds.failover("payments")));
  }

  private static FailoverRequest unplanned(String target) {
    return new FailoverRequest(
        "payments", target, FailoverMode.UNPLANNED, null, "site-a killed", "it", null);
  }

  @Test
  void theBackupOnlySiteIsNeverElectedNamedOrGivenTraffic() throws Exception {
    OrderLoad load = OrderLoad.start(world.get().lab.frontDoorUrl(), 2);
    try {
      load.awaitAcks("before site-b's replay is paused", a -> true, 10);
      try (Connection b = world.get().lab.jdbc("site-b");
          Statement s = b.createStatement()) {
        s.execute("SELECT pg_wal_replay_pause()");
      }
      long pausedAt = System.currentTimeMillis();
      load.awaitAcks("while site-b lags behind site-c", a -> a.ackedAtMillis() > pausedAt, 20);
    } finally {
      load.stop();
    }
    world.get().lab.stopApp("site-b");
    world.get().lab.killDatabase("site-a");

    // The only standby cannot take over: nobody is elected, site-c least of all.
    assertFails(FailureType.NO_CANDIDATE, () -> failover().failover(unplanned(null)));
    // Named, it is refused as well.
    assertFails(FailureType.INVALID_INPUT, () -> failover().failover(unplanned("site-c")));
    try (Connection c = world.get().lab.jdbc("site-c")) {
      assertThat(FailbackIT.inRecovery(c)).as("site-c never promoted").isTrue();
    }

    world.get().lab.startApp("site-b");
    FailoverResult result = failover().failover(unplanned(null));

    assertThat(result.targetSite())
        .as("site-b, behind site-c and of lower priority: %s", result.targetChoice().describe())
        .isEqualTo("site-b");
    assertThat(result.targetChoice().candidates())
        .extracting(c -> c.site())
        .containsExactly("site-b");
    assertThat(result.weights()).doesNotContainKey("site-c");
    assertThat(world.get().lab.haproxyCommand("get weight be_payments/site-c")).startsWith("0");
    try (Connection c = world.get().lab.jdbc("site-c")) {
      assertThat(FailbackIT.inRecovery(c)).as("site-c never promoted").isTrue();
    }
  }

  private static void assertFails(FailureType type, Runnable run) {
    assertThatThrownBy(run::run)
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(type.type()));
  }
}
